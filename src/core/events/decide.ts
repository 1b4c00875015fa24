import { CoreError, assertNever } from '../errors';
import type { ExpectedVersion } from './event-store';
import type {
  FieldAliasDeclaredData,
  LayoutAnnotatedData,
  LayoutDeprecatedData,
  LayoutRegisteredData,
  LineagePolicyChangedData,
  PolicyChangedData,
  RegistryEvent,
  ReservedNameDeclaredData,
} from './events';
import { ALIASES_STREAM, MAINLINE, POLICY_STREAM, RESERVED_STREAM, layoutStream, lineageOf, lineageStream } from './events';
import type { LayoutState, RegistryState } from '../projections/registry-state';
import { aliasesVersion, layoutVersion, lineageVersion, mergeAnnotations, policyVersion, reservedVersion } from '../projections/registry-state';
import { LAYOUT_NAME_PATTERN, isCIdentifier } from '../names';
import { INPUT_LIMITS } from '../input/input-text';
import { POLICY_MODES, SAME_REVISION_RULES } from '../policy/registration-policy';
import type { Judgement } from '../policy/judge-registration';

// ---- Commands ----

export type RegistryCommand =
  | { type: 'RegisterLayout'; data: LayoutRegisteredData }
  | { type: 'DeprecateLayout'; data: LayoutDeprecatedData }
  | { type: 'AnnotateLayout'; data: LayoutAnnotatedData }
  | { type: 'DeclareAlias'; data: FieldAliasDeclaredData }
  | { type: 'SetPolicy'; data: PolicyChangedData }
  | { type: 'SetLineagePolicy'; data: LineagePolicyChangedData }
  | { type: 'DeclareReserved'; data: ReservedNameDeclaredData };

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
  judgement?: Judgement; // a gated registration's verdict: sameAs, warnings
}

// The registration policy (src/core/policy) is injected, so this module does not depend on the
// compatibility engine. It sees the candidate, its lineage and the registry before it.
export interface GateInput {
  candidate: LayoutRegisteredData;
  lineage: string;
  branchesFrom: string | null; // the lineage's (its own, or the one this first layout gives it)
  state: RegistryState;
}
// A test gate may answer without a judgement; the policy's gate always gives one.
export type GateVerdict = { ok: true; judgement?: Judgement } | { ok: false; message: string; judgement?: Judgement; findings?: unknown[] };
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
    case 'SetLineagePolicy':
      return decideLineagePolicy(command.data, state);
    case 'DeclareReserved':
      return decideReserved(command.data, state);
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
      return { stream, expectedVersion: layoutVersion(state, data.name), events: [], outcome: 'existing' };
    }
    throw new CoreError('CONFLICT', `layout ${data.name} is already registered with other content`, {
      name: data.name,
      fingerprint: existing.registered.fingerprint,
    });
  }
  if (data.precedes !== undefined && data.imported !== true) {
    throw new CoreError('INVALID_INPUT', 'only the built-in catalog places a layout before another in its lineage (precedes)', { field: 'precedes' });
  }
  const { lineage, branchesFrom, isNew } = resolveLineage(data, state);
  const { branchesFrom: _given, ...rest } = data;
  const event: LayoutRegisteredData = isNew ? { ...rest, lineage, branchesFrom } : { ...rest, lineage };
  // The built-in catalog is history: its conflicts are facts to show, not to refuse.
  let judgement: Judgement | undefined;
  if (data.imported !== true) {
    const verdict = gate({ candidate: event, lineage, branchesFrom, state });
    judgement = verdict.judgement;
    if (!verdict.ok) {
      const j = verdict.judgement;
      throw new CoreError('POLICY_VIOLATION', verdict.message, {
        name: data.name,
        lineage,
        ...(j ? { policy: j.policy, references: j.references, findings: j.findings, hint: j.hint } : { findings: verdict.findings ?? [] }),
      });
    }
  }
  return {
    stream,
    expectedVersion: 'no-stream',
    // The gate judged against the whole registry as of state.position; a registration that
    // lands in between must send this decision back to be made again.
    expectedPosition: data.imported === true ? undefined : state.position,
    events: [{ type: 'LayoutRegistered', data: event }],
    outcome: 'created',
    ...(judgement ? { judgement } : {}),
  };
}

// A layout's lineage is fixed at registration; a lineage's branch point by its first layout.
export function resolveLineage(data: Pick<LayoutRegisteredData, 'lineage' | 'branchesFrom'>, state: RegistryState): { lineage: string; branchesFrom: string | null; isNew: boolean } {
  const lineage = lineageOf(data);
  if (!LAYOUT_NAME_PATTERN.test(lineage)) {
    throw new CoreError('INVALID_INPUT', `lineage ${JSON.stringify(lineage)} must match ${LAYOUT_NAME_PATTERN.source}`, { field: 'lineage' });
  }
  const known = state.lineages.get(lineage);
  if (known) {
    if (data.branchesFrom !== undefined && data.branchesFrom !== known.branchesFrom) {
      throw new CoreError(
        'INVALID_INPUT',
        `lineage ${lineage} branches from ${known.branchesFrom ?? 'nothing'}, fixed by its first layout ${known.layouts[0] ?? ''}; leave branchesFrom out or give that`,
        { field: 'branchesFrom', lineage, branchesFrom: known.branchesFrom },
      );
    }
    return { lineage, branchesFrom: known.branchesFrom, isNew: false };
  }
  // Default: a new lineage branches from mainline (once there is one); mainline from nothing.
  const fallback = lineage !== MAINLINE && state.lineages.has(MAINLINE) ? MAINLINE : null;
  const branchesFrom = data.branchesFrom === undefined ? fallback : data.branchesFrom;
  if (branchesFrom !== null && (branchesFrom === lineage || !state.lineages.has(branchesFrom))) {
    throw new CoreError('INVALID_INPUT', `branchesFrom ${JSON.stringify(branchesFrom)} names no registered lineage (known: ${[...state.lineages.keys()].join(', ') || 'none'})`, {
      field: 'branchesFrom',
    });
  }
  return { lineage, branchesFrom, isNew: true };
}

export function decideDeprecate(data: LayoutDeprecatedData, state: RegistryState): Decision {
  const layout = requireLayout(state, data.name);
  const stream = layoutStream(data.name);
  if (layout.deprecated?.reason === data.reason) {
    return { stream, expectedVersion: layoutVersion(state, data.name), events: [], outcome: 'existing' };
  }
  // Deprecating again with another reason is recorded: the log keeps why it changed.
  return { stream, expectedVersion: layoutVersion(state, data.name), events: [{ type: 'LayoutDeprecated', data }], outcome: 'updated' };
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
    return { stream, expectedVersion: layoutVersion(state, data.name), events: [], outcome: 'existing' };
  }
  return { stream, expectedVersion: layoutVersion(state, data.name), events: [{ type: 'LayoutAnnotated', data }], outcome: 'updated' };
}

export function decideAlias(data: FieldAliasDeclaredData, state: RegistryState): Decision {
  if (data.from === '' || data.to === '' || data.from === data.to) {
    throw new CoreError('INVALID_INPUT', 'an alias renames one field to another, non-empty name', { ...data });
  }
  const expectedVersion = aliasesVersion(state);
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
    outcome: expectedVersion === 0 ? 'created' : 'updated',
  };
}

const MODES: readonly string[] = POLICY_MODES;
const SAME_REVISION: readonly string[] = SAME_REVISION_RULES;

function validatePolicy(data: PolicyChangedData): void {
  if (!MODES.includes(data.mode) || !SAME_REVISION.includes(data.sameRevision) || typeof data.transitive !== 'boolean') {
    throw new CoreError('INVALID_INPUT', `policy needs mode ${MODES.join('|')}, transitive, sameRevision ${SAME_REVISION.join('|')}`, {
      policy: data,
    });
  }
}

export function decidePolicy(data: PolicyChangedData, state: RegistryState): Decision {
  validatePolicy(data);
  const expectedVersion = policyVersion(state);
  const p = state.policy;
  if (p.mode === data.mode && p.transitive === data.transitive && p.sameRevision === data.sameRevision) {
    return { stream: POLICY_STREAM, expectedVersion, events: [], outcome: 'existing' };
  }
  const policy: PolicyChangedData = { mode: data.mode, transitive: data.transitive, sameRevision: data.sameRevision };
  return {
    stream: POLICY_STREAM,
    expectedVersion,
    events: [{ type: 'PolicyChanged', data: policy }],
    outcome: expectedVersion === 0 ? 'created' : 'updated',
  };
}

export function decideLineagePolicy(data: LineagePolicyChangedData, state: RegistryState): Decision {
  const lineage = state.lineages.get(data.lineage);
  if (!lineage) {
    throw new CoreError('NOT_FOUND', `no lineage named ${data.lineage}: a lineage begins with its first layout`, { lineage: data.lineage });
  }
  if (data.policy !== null) {
    validatePolicy(data.policy);
  }
  const stream = lineageStream(data.lineage);
  const expectedVersion = lineageVersion(state, data.lineage);
  if (samePolicy(lineage.policy, data.policy)) {
    return { stream, expectedVersion, events: [], outcome: 'existing' };
  }
  const policy = data.policy === null ? null : { mode: data.policy.mode, transitive: data.policy.transitive, sameRevision: data.policy.sameRevision };
  return {
    stream,
    expectedVersion,
    events: [{ type: 'LineagePolicyChanged', data: { lineage: data.lineage, policy } }],
    outcome: expectedVersion === 0 ? 'created' : 'updated',
  };
}

export function decideReserved(data: ReservedNameDeclaredData, state: RegistryState): Decision {
  if (!isCIdentifier(data.name, INPUT_LIMITS.identifier)) {
    throw new CoreError('INVALID_INPUT', 'name must be a C identifier (the field name to treat as reserved bytes)', { field: 'name' });
  }
  if (typeof data.reason !== 'string' || data.reason.trim() === '' || data.reason.length > 1000) {
    throw new CoreError('INVALID_INPUT', 'reason is required: a non-empty string of at most 1000 characters', { field: 'reason' });
  }
  const expectedVersion = reservedVersion(state);
  if (state.reserved.get(data.name)?.reason === data.reason) {
    return { stream: RESERVED_STREAM, expectedVersion, events: [], outcome: 'existing' };
  }
  return {
    stream: RESERVED_STREAM,
    expectedVersion,
    events: [{ type: 'ReservedNameDeclared', data: { name: data.name, reason: data.reason } }],
    outcome: state.reserved.has(data.name) ? 'updated' : 'created',
  };
}

function samePolicy(a: PolicyChangedData | null, b: PolicyChangedData | null): boolean {
  if (a === null || b === null) {
    return a === b;
  }
  return a.mode === b.mode && a.transitive === b.transitive && a.sameRevision === b.sameRevision;
}

function requireLayout(state: RegistryState, name: string): LayoutState {
  const layout = state.layouts.get(name);
  if (!layout) {
    throw new CoreError('NOT_FOUND', `no layout named ${name}`, { name });
  }
  return layout;
}
