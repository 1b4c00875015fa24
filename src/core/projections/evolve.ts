import { assertNever } from '../errors';
import type { LayoutRegisteredData, StoredEvent } from '../events/events';
import { lineageOf } from '../events/events';
import type { AliasState, LayoutState, LineageState, RegistryState, ReservedState } from './registry-state';
import { initialRegistryState, mergeAnnotations } from './registry-state';

// The one fold of the log. evolve(state, event) → the next state, never mutating `state`; the
// write side keeps it in memory, the read-model projector persists the rows it changes
// (RowChange), and the rebuild persists all of it. It trusts the log: events were validated by
// decide before they were appended, so an event about an unknown layout (possible only if
// someone appended around decide) is skipped rather than thrown, and the rest still folds.

// Which read-model rows an event changed, for a projector that writes only those.
export type RowChange =
  | { kind: 'layout-created'; name: string }
  | { kind: 'layout-updated'; name: string }
  // A lineage opened or joined by a layout (its list of layouts), or its policy set. A policy change names its lineage
  // even when the state does not hold it: the projector must not record a policy for a lineage
  // the read model lacks (the append rolls back), while the write side skips it.
  | { kind: 'lineage'; name: string }
  | { kind: 'alias'; from: string }
  | { kind: 'reserved'; name: string }
  | { kind: 'policy' }
  // A second registration of a name: the state keeps the first, a table's key refuses it.
  | { kind: 'duplicate-layout'; name: string; position: number };

export function evolve(state: RegistryState, event: StoredEvent): RegistryState {
  return foldRegistryState([event], state);
}

export function foldRegistryState(events: Iterable<StoredEvent>, from = initialRegistryState()): RegistryState {
  const draft = new Draft(from);
  for (const event of events) {
    apply(draft, event, undefined);
  }
  return draft.result();
}

// The fold, and every row change in event order.
export function foldWithChanges(events: Iterable<StoredEvent>, from = initialRegistryState()): { state: RegistryState; changes: RowChange[] } {
  const draft = new Draft(from);
  const changes: RowChange[] = [];
  for (const event of events) {
    apply(draft, event, changes);
  }
  return { state: draft.result(), changes };
}

function apply(d: Draft, event: StoredEvent, changes: RowChange[] | undefined): void {
  d.position = Math.max(d.position, event.position);
  d.streams().set(event.stream, event.version);
  switch (event.type) {
    case 'LayoutRegistered': {
      const data = event.data;
      if (d.current('layouts').has(data.name)) {
        changes?.push({ kind: 'duplicate-layout', name: data.name, position: event.position });
        return;
      }
      d.layouts().set(data.name, {
        registered: data,
        position: event.position,
        registeredAt: event.recordedAt,
        updatedPosition: event.position,
        deprecated: null,
        annotations: {},
      });
      changes?.push({ kind: 'layout-created', name: data.name });
      const name = lineageOf(data);
      const lineages = d.lineages();
      const known = lineages.get(name);
      if (known) {
        lineages.set(name, { ...known, layouts: placed(known.layouts, data) }); // updatedPosition: its policy's
        changes?.push({ kind: 'lineage', name });
        return;
      }
      lineages.set(name, {
        name,
        branchesFrom: data.branchesFrom ?? null,
        layouts: [data.name],
        policy: null,
        position: event.position,
        updatedPosition: event.position,
      });
      changes?.push({ kind: 'lineage', name });
      return;
    }
    case 'LayoutDeprecated':
      updateLayout(d, event.data.name, changes, (l) => ({ ...l, updatedPosition: event.position, deprecated: { reason: event.data.reason } }));
      return;
    case 'LayoutAnnotated':
      updateLayout(d, event.data.name, changes, (l) => ({ ...l, updatedPosition: event.position, annotations: mergeAnnotations(l.annotations, event.data) }));
      return;
    case 'FieldAliasDeclared':
      d.aliases().set(event.data.from, { to: event.data.to, position: event.position });
      changes?.push({ kind: 'alias', from: event.data.from });
      return;
    case 'PolicyChanged':
      d.policy = { ...event.data };
      d.policyPosition = event.position;
      changes?.push({ kind: 'policy' });
      return;
    case 'LineagePolicyChanged': {
      const name = event.data.lineage;
      changes?.push({ kind: 'lineage', name });
      const known = d.current('lineages').get(name);
      if (known) {
        const policy = event.data.policy ? { ...event.data.policy } : null;
        d.lineages().set(name, { ...known, policy, updatedPosition: event.position });
      }
      return;
    }
    case 'ReservedNameDeclared':
      d.reserved().set(event.data.name, { reason: event.data.reason, position: event.position });
      changes?.push({ kind: 'reserved', name: event.data.name });
      return;
    default:
      assertNever(event, 'event');
  }
}

function updateLayout(d: Draft, name: string, changes: RowChange[] | undefined, change: (layout: LayoutState) => LayoutState): void {
  const layout = d.current('layouts').get(name);
  if (!layout) {
    return; // like an UPDATE that matches no row
  }
  d.layouts().set(name, change(layout));
  changes?.push({ kind: 'layout-updated', name });
}

// Copy-on-write over a base state: each map is copied once, on its first change, and then
// changed in place, so folding n events costs O(n) plus one copy per map, and evolve of one
// event copies only the maps that event touches. The base is never mutated.
class Draft {
  position: number;
  policy: RegistryState['policy'];
  policyPosition: number;
  private layoutsDraft: Map<string, LayoutState> | undefined;
  private lineagesDraft: Map<string, LineageState> | undefined;
  private aliasesDraft: Map<string, AliasState> | undefined;
  private reservedDraft: Map<string, ReservedState> | undefined;
  private streamsDraft: Map<string, number> | undefined;

  constructor(readonly base: RegistryState) {
    this.position = base.position;
    this.policy = base.policy;
    this.policyPosition = base.policyPosition;
  }

  // For reading: the draft once there is one, else the base.
  current(map: 'layouts'): ReadonlyMap<string, LayoutState>;
  current(map: 'lineages'): ReadonlyMap<string, LineageState>;
  current(map: 'layouts' | 'lineages'): ReadonlyMap<string, LayoutState | LineageState> {
    return map === 'layouts' ? (this.layoutsDraft ?? this.base.layouts) : (this.lineagesDraft ?? this.base.lineages);
  }

  layouts(): Map<string, LayoutState> {
    return (this.layoutsDraft ??= new Map(this.base.layouts));
  }

  lineages(): Map<string, LineageState> {
    return (this.lineagesDraft ??= new Map(this.base.lineages));
  }

  aliases(): Map<string, AliasState> {
    return (this.aliasesDraft ??= new Map(this.base.aliases));
  }

  reserved(): Map<string, ReservedState> {
    return (this.reservedDraft ??= new Map(this.base.reserved));
  }

  streams(): Map<string, number> {
    return (this.streamsDraft ??= new Map(this.base.streams));
  }

  result(): RegistryState {
    return {
      position: this.position,
      layouts: this.layoutsDraft ?? this.base.layouts,
      lineages: this.lineagesDraft ?? this.base.lineages,
      aliases: this.aliasesDraft ?? this.base.aliases,
      reserved: this.reservedDraft ?? this.base.reserved,
      policy: this.policy,
      policyPosition: this.policyPosition,
      streams: this.streamsDraft ?? this.base.streams,
    };
  }
}

// A lineage's layouts in history order: a registration goes last, unless the catalog says it
// comes before a layout the lineage holds already (an upgraded registry, see catalog-history).
function placed(layouts: readonly string[], data: LayoutRegisteredData): string[] {
  const before = data.precedes === undefined ? -1 : layouts.indexOf(data.precedes);
  return before < 0 ? [...layouts, data.name] : [...layouts.slice(0, before), data.name, ...layouts.slice(before)];
}
