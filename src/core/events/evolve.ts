import { assertNever } from '../errors';
import type { StoredEvent } from './events';
import { ALIASES_STREAM, POLICY_STREAM, RESERVED_STREAM, lineageOf } from './events';
import type { LayoutState, LineageState, RegistryState } from './registry-state';
import { initialRegistryState, mergeAnnotations } from './registry-state';

// evolve(state, event) → the next state, never mutating `state`. It trusts the log: events were
// validated by decide before they were appended, so an event about an unknown layout (possible
// only if someone appended around decide) is skipped rather than thrown, and the rest of the
// history still folds.
export function evolve(state: RegistryState, event: StoredEvent): RegistryState {
  const position = Math.max(state.position, event.position);
  switch (event.type) {
    case 'LayoutRegistered': {
      if (state.layouts.has(event.data.name)) {
        return { ...state, position };
      }
      const layout: LayoutState = {
        registered: event.data,
        position: event.position,
        version: event.version,
        deprecated: null,
        annotations: {},
      };
      const name = lineageOf(event.data);
      const known = state.lineages.get(name);
      const lineage: LineageState = known
        ? { ...known, layouts: [...known.layouts, event.data.name] }
        : { name, branchesFrom: event.data.branchesFrom ?? null, layouts: [event.data.name], policy: null, version: 0 };
      return {
        ...state,
        position,
        layouts: withEntry(state.layouts, event.data.name, layout),
        lineages: withEntry(state.lineages, name, lineage),
      };
    }
    case 'LayoutDeprecated':
      return updateLayout(state, position, event.data.name, (l) => ({
        ...l,
        version: event.version,
        deprecated: { reason: event.data.reason },
      }));
    case 'LayoutAnnotated':
      return updateLayout(state, position, event.data.name, (l) => ({
        ...l,
        version: event.version,
        annotations: mergeAnnotations(l.annotations, event.data),
      }));
    case 'FieldAliasDeclared': {
      const aliases = withEntry(state.aliases, event.data.from, { to: event.data.to, position: event.position });
      return { ...state, position, aliases, aliasesVersion: versionOf(event, ALIASES_STREAM, state.aliasesVersion) };
    }
    case 'PolicyChanged':
      return {
        ...state,
        position,
        policy: { ...event.data },
        policyVersion: versionOf(event, POLICY_STREAM, state.policyVersion),
      };
    case 'LineagePolicyChanged': {
      const lineage = state.lineages.get(event.data.lineage);
      if (!lineage) {
        return { ...state, position };
      }
      const next: LineageState = { ...lineage, policy: event.data.policy ? { ...event.data.policy } : null, version: event.version };
      return { ...state, position, lineages: withEntry(state.lineages, lineage.name, next) };
    }
    case 'ReservedNameDeclared': {
      const reserved = withEntry(state.reserved, event.data.name, { reason: event.data.reason, position: event.position });
      return { ...state, position, reserved, reservedVersion: versionOf(event, RESERVED_STREAM, state.reservedVersion) };
    }
    default:
      return assertNever(event, 'event');
  }
}

export function foldRegistryState(events: Iterable<StoredEvent>, from = initialRegistryState()): RegistryState {
  let state = from;
  for (const event of events) {
    state = evolve(state, event);
  }
  return state;
}

function updateLayout(
  state: RegistryState,
  position: number,
  name: string,
  change: (layout: LayoutState) => LayoutState,
): RegistryState {
  const layout = state.layouts.get(name);
  if (!layout) {
    return { ...state, position };
  }
  return { ...state, position, layouts: withEntry(state.layouts, name, change(layout)) };
}

// Copy-on-write keeps evolve pure; the registry holds hundreds of layouts, not millions, so a
// Map copy per event is cheap next to the I/O that produced the event.
function withEntry<V>(map: ReadonlyMap<string, V>, key: string, value: V): Map<string, V> {
  const next = new Map(map);
  next.set(key, value);
  return next;
}

function versionOf(event: StoredEvent, stream: string, current: number): number {
  return event.stream === stream ? event.version : current;
}
