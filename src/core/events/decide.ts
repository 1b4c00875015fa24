import { CoreError, assertNever } from '../errors';
import type { ExpectedVersion } from './event-store';
import type {
  FieldAliasDeclaredData,
  LayoutAnnotatedData,
  LayoutDeprecatedData,
  LayoutRegisteredData,
  PolicyChangedData,
  RegistryEvent,
} from './events';
import { ALIASES_STREAM, POLICY_STREAM, layoutStream } from './events';
import type { LayoutState, RegistryState } from './registry-state';
import { LAYOUT_NAME_PATTERN, mergeAnnotations, registeredLayouts } from './registry-state';
import { POLICY_MODES, SAME_REVISION_RULES } from '../policy/registration-policy';

// ---- Commands ----

export type RegistryCommand =
  | { type: 'RegisterLayout'; data: LayoutRegisteredData }
  | { type: 'DeprecateLayout'; data: LayoutDeprecatedData }
  | { type: 'AnnotateLayout'; data: LayoutAnnotatedData }
  | { type: 'DeclareAlias'; data: FieldAliasDeclaredData }
  | { type: 'SetPolicy'; data: PolicyChangedData };

// created: a new layout; updated: events appended to an existing stream; existing: nothing to
// do because the registry already says exactly this (same name and fingerprint, same alias,
// same policy, same deprecation or annotation).
export type DecisionOutcome = 'created' | 'updated' | 'existing';

export interface Decision {
  stream: string;
  expectedVersion: ExpectedVersion;
  expectedPosition?: number;
  events: RegistryEvent[];
  outcome: DecisionOutcome;
}

// The registration policy (src/core/policy) is injected, so this module does not depend on the
// compatibility engine. It sees the candidate and everything registered before it, oldest first.
export interface GateInput {
  candidate: LayoutRegisteredData;
  registered: LayoutRegisteredData[];
  policy: PolicyChangedData;
  aliases: ReadonlyMap<string, string>;
}
export type GateVerdict = { ok: true } | { ok: false; message: string; findings: unknown[] };
export type RegistrationGate = (input: GateInput) => GateVerdict;

export interface DecideDeps {
  gate: RegistrationGate;
}

// ---- Business logic ----

export function decide(command: RegistryCommand, state: RegistryState, deps: DecideDeps): Decision {
  switch (command.type) {
    case 'RegisterLayout':
      return decideRegister(command.data, state, deps.gate);
    case 'DeprecateLayout':
      return decideDeprecate(command.data, state);
    case 'AnnotateLayout':
      return decideAnnotate(command.data, state);
    case 'DeclareAlias':
      return decideAlias(command.data, state);
    case 'SetPolicy':
      return decidePolicy(command.data, state);
    default:
      return assertNever(command, 'command');
  }
}

export function decideRegister(data: LayoutRegisteredData, state: RegistryState, gate: RegistrationGate): Decision {
  if (!LAYOUT_NAME_PATTERN.test(data.name)) {
    throw new CoreError('INVALID_INPUT', `layout name ${JSON.stringify(data.name)} must match ${LAYOUT_NAME_PATTERN.source}`, {
      name: data.name,
    });
  }
  const stream = layoutStream(data.name);
  const existing = state.layouts.get(data.name);
  if (existing) {
    if (existing.registered.fingerprint === data.fingerprint) {
      return { stream, expectedVersion: existing.version, events: [], outcome: 'existing' };
    }
    throw new CoreError('CONFLICT', `layout ${data.name} is already registered with other content`, {
      name: data.name,
      fingerprint: existing.registered.fingerprint,
    });
  }
  // The built-in catalog is history: its conflicts are facts to show, not to refuse.
  if (data.imported !== true) {
    const aliases = new Map([...state.aliases].map(([from, a]) => [from, a.to]));
    const verdict = gate({ candidate: data, registered: registeredLayouts(state), policy: state.policy, aliases });
    if (!verdict.ok) {
      throw new CoreError('POLICY_VIOLATION', verdict.message, { name: data.name, findings: verdict.findings });
    }
  }
  return {
    stream,
    expectedVersion: 'no-stream',
    // The gate judged against the whole registry as of state.position; a registration that
    // lands in between must send this decision back to be made again.
    expectedPosition: data.imported === true ? undefined : state.position,
    events: [{ type: 'LayoutRegistered', data }],
    outcome: 'created',
  };
}

export function decideDeprecate(data: LayoutDeprecatedData, state: RegistryState): Decision {
  const layout = requireLayout(state, data.name);
  const stream = layoutStream(data.name);
  if (layout.deprecated?.reason === data.reason) {
    return { stream, expectedVersion: layout.version, events: [], outcome: 'existing' };
  }
  // Deprecating again with another reason is recorded: the log keeps why it changed.
  return { stream, expectedVersion: layout.version, events: [{ type: 'LayoutDeprecated', data }], outcome: 'updated' };
}

export function decideAnnotate(data: LayoutAnnotatedData, state: RegistryState): Decision {
  const layout = requireLayout(state, data.name);
  if (data.kernel === undefined && data.commit === undefined && data.notes === undefined) {
    throw new CoreError('INVALID_INPUT', 'an annotation needs at least one of kernel, commit, notes', { name: data.name });
  }
  const stream = layoutStream(data.name);
  const merged = mergeAnnotations(layout.annotations, data);
  const unchanged = (['kernel', 'commit', 'notes'] as const).every((k) => merged[k] === layout.annotations[k]);
  if (unchanged) {
    return { stream, expectedVersion: layout.version, events: [], outcome: 'existing' };
  }
  return { stream, expectedVersion: layout.version, events: [{ type: 'LayoutAnnotated', data }], outcome: 'updated' };
}

export function decideAlias(data: FieldAliasDeclaredData, state: RegistryState): Decision {
  if (data.from === '' || data.to === '' || data.from === data.to) {
    throw new CoreError('INVALID_INPUT', 'an alias renames one field to another, non-empty name', { ...data });
  }
  const expectedVersion = state.aliasesVersion;
  const current = state.aliases.get(data.from);
  if (current?.to === data.to) {
    return { stream: ALIASES_STREAM, expectedVersion, events: [], outcome: 'existing' };
  }
  // One old name renamed to two new ones would make compatibility reports depend on which
  // declaration won; refuse instead of guessing.
  if (current) {
    throw new CoreError('CONFLICT', `field ${data.from} is already renamed to ${current.to}`, {
      from: data.from,
      to: current.to,
    });
  }
  return {
    stream: ALIASES_STREAM,
    expectedVersion,
    events: [{ type: 'FieldAliasDeclared', data }],
    outcome: state.aliasesVersion === 0 ? 'created' : 'updated',
  };
}

const MODES: readonly string[] = POLICY_MODES;
const SAME_REVISION: readonly string[] = SAME_REVISION_RULES;

export function decidePolicy(data: PolicyChangedData, state: RegistryState): Decision {
  if (!MODES.includes(data.mode) || !SAME_REVISION.includes(data.sameRevision) || typeof data.transitive !== 'boolean') {
    throw new CoreError('INVALID_INPUT', 'policy needs mode none|backward|forward|full, transitive, sameRevision in-place|any', {
      policy: data,
    });
  }
  const expectedVersion = state.policyVersion;
  const p = state.policy;
  if (p.mode === data.mode && p.transitive === data.transitive && p.sameRevision === data.sameRevision) {
    return { stream: POLICY_STREAM, expectedVersion, events: [], outcome: 'existing' };
  }
  const policy: PolicyChangedData = { mode: data.mode, transitive: data.transitive, sameRevision: data.sameRevision };
  return {
    stream: POLICY_STREAM,
    expectedVersion,
    events: [{ type: 'PolicyChanged', data: policy }],
    outcome: state.policyVersion === 0 ? 'created' : 'updated',
  };
}

function requireLayout(state: RegistryState, name: string): LayoutState {
  const layout = state.layouts.get(name);
  if (!layout) {
    throw new CoreError('NOT_FOUND', `no layout named ${name}`, { name });
  }
  return layout;
}
