import { DEFAULT_POLICY as POLICY_DEFAULT } from '../policy/registration-policy';
import type { LayoutAnnotatedData, LayoutRegisteredData, PolicyChangedData } from '../events/events';
import { ALIASES_STREAM, POLICY_STREAM, RESERVED_STREAM, layoutStream, lineageStream } from '../events/events';
import { LAYOUT_NAME_PATTERN } from '../names';

// The registry folded from the log by evolve.ts, once, for both sides: decisions read it (the
// write model), and the read-model tables are its rows (read-rows.ts), which
// src/infra/projections only persists. Stream versions belong to the log, not to the
// registry, so they sit apart (`streams`): the read models keep none.

export type Annotations = Omit<LayoutAnnotatedData, 'name'>;

export interface LayoutState {
  registered: LayoutRegisteredData; // full content: the registration gate compares fields
  position: number; // of LayoutRegistered: registration order
  registeredAt: string; // ISO 8601, recordedAt of LayoutRegistered
  updatedPosition: number; // of the last event that changed it
  deprecated: { reason: string } | null;
  annotations: Annotations;
}

export interface AliasState {
  to: string;
  position: number;
}

export interface LineageState {
  name: string;
  branchesFrom: string | null; // fixed by its first layout
  layouts: readonly string[]; // registration order: the last one is the lineage's head
  policy: PolicyChangedData | null; // override of the global policy; null: the global one
  position: number; // of its first layout's LayoutRegistered
  updatedPosition: number; // of the last event that changed it (policy or opening)
}

export interface ReservedState {
  reason: string;
  position: number;
}

export interface RegistryState {
  position: number; // last folded global position: 0 for an empty log
  layouts: ReadonlyMap<string, LayoutState>; // insertion order = registration order
  lineages: ReadonlyMap<string, LineageState>; // insertion order = order of first layouts
  aliases: ReadonlyMap<string, AliasState>; // field `from` was renamed to `to`
  reserved: ReadonlyMap<string, ReservedState>; // declared reserved field names
  policy: PolicyChangedData;
  policyPosition: number; // of the last PolicyChanged; 0: never changed (the default)
  streams: ReadonlyMap<string, number>; // each stream's version: the next append's expected version
}

// The registration policy's default (src/core/policy), frozen: states share it.
export const DEFAULT_POLICY: PolicyChangedData = Object.freeze({ ...POLICY_DEFAULT });

export function initialRegistryState(): RegistryState {
  return {
    position: 0,
    layouts: new Map(),
    lineages: new Map(),
    aliases: new Map(),
    reserved: new Map(),
    policy: DEFAULT_POLICY,
    policyPosition: 0,
    streams: new Map(),
  };
}

// A stream's version as of the state: 0 for a stream with no event yet.
export function streamVersion(state: RegistryState, stream: string): number {
  return state.streams.get(stream) ?? 0;
}

export const layoutVersion = (state: RegistryState, name: string): number => streamVersion(state, layoutStream(name));
export const lineageVersion = (state: RegistryState, name: string): number => streamVersion(state, lineageStream(name));
export const aliasesVersion = (state: RegistryState): number => streamVersion(state, ALIASES_STREAM);
export const reservedVersion = (state: RegistryState): number => streamVersion(state, RESERVED_STREAM);
export const policyVersion = (state: RegistryState): number => streamVersion(state, POLICY_STREAM);

// Every registered name matches the pattern (decide refuses others), so a lookup of any other
// string is answered "not found" without asking a database that may not even accept it (NUL).
export function isLayoutName(name: string): boolean {
  return LAYOUT_NAME_PATTERN.test(name);
}

// The policy that gates registrations in a lineage: its override, else the global one.
export function policyOf(state: RegistryState, lineage: string): PolicyChangedData {
  return state.lineages.get(lineage)?.policy ?? state.policy;
}

export function reservedNames(state: RegistryState): ReadonlySet<string> {
  return new Set(state.reserved.keys());
}

export function aliasMap(state: RegistryState): Map<string, string> {
  return new Map([...state.aliases].map(([from, a]) => [from, a.to]));
}

// Field updates only: annotate with `kernel` keeps earlier `notes`. Shared with the read-model
// projection so both agree on what an annotation leaves behind.
export function mergeAnnotations(current: Annotations, data: LayoutAnnotatedData): Annotations {
  const next: Annotations = { ...current };
  if (data.kernel !== undefined) {
    next.kernel = data.kernel;
  }
  if (data.commit !== undefined) {
    next.commit = data.commit;
  }
  if (data.notes !== undefined) {
    next.notes = data.notes;
  }
  return next;
}
