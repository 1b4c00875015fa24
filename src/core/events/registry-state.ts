import { DEFAULT_POLICY as POLICY_DEFAULT } from '../policy/registration-policy';
import type { LayoutAnnotatedData, LayoutRegisteredData, PolicyChangedData } from './events';
import { LAYOUT_NAME_PATTERN } from '../names';

// The write model: what a decision needs to know, folded from the log by evolve.ts. Read models
// for queries are separate (src/infra/projections); this state is never persisted.

export type Annotations = Omit<LayoutAnnotatedData, 'name'>;

export interface LayoutState {
  registered: LayoutRegisteredData; // full content: the registration gate compares fields
  position: number; // of LayoutRegistered: registration order
  version: number; // of the layout's stream, for the next append's expected version
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
  version: number; // of the lineage's policy stream
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
  aliasesVersion: number;
  reserved: ReadonlyMap<string, ReservedState>; // declared reserved field names
  reservedVersion: number;
  policy: PolicyChangedData;
  policyVersion: number;
}

// The registration policy's default (src/core/policy), frozen: states share it.
export const DEFAULT_POLICY: PolicyChangedData = Object.freeze({ ...POLICY_DEFAULT });

export function initialRegistryState(): RegistryState {
  return {
    position: 0,
    layouts: new Map(),
    lineages: new Map(),
    aliases: new Map(),
    aliasesVersion: 0,
    reserved: new Map(),
    reservedVersion: 0,
    policy: DEFAULT_POLICY,
    policyVersion: 0,
  };
}

// Registered layouts, oldest first: "latest" for the policy gate is the last element.
export function registeredLayouts(state: RegistryState): LayoutRegisteredData[] {
  return [...state.layouts.values()].map((l) => l.registered);
}

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
