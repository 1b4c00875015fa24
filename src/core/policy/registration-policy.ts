import { CoreError } from '../errors';

// The registration gate (API.md "Registration policy"), changed only by events (PUT /policy).
export const POLICY_MODES = ['none', 'backward', 'forward', 'full'] as const;
export type PolicyMode = (typeof POLICY_MODES)[number];
// in-place: the kernel's rule against the lineage's reference; in-place-all: the same test
// against every registered layout with that revision id, in every lineage; any: no test.
export const SAME_REVISION_RULES = ['in-place', 'in-place-all', 'any'] as const;
export type SameRevisionRule = (typeof SAME_REVISION_RULES)[number];

export interface RegistrationPolicy {
  mode: PolicyMode; // which conversions between N and earlier layouts must be lossless
  transitive: boolean; // against every layout of the lineage (up to its branch point), not only the latest
  sameRevision: SameRevisionRule; // in-place: a kept revision id follows the kernel's rule
}

// sameRevision "in-place" is the contract's default. mode "none": the registry records history,
// and history has lossy steps (uek's dead_space, the 4.14 reshuffle) that a default "backward"
// would refuse, while conversion already reports loss per blob. The conflict rule is the one that
// protects users: two layouts a reader cannot tell apart.
export const DEFAULT_POLICY: RegistrationPolicy = { mode: 'none', transitive: false, sameRevision: 'in-place' };

function isOneOf<T extends string>(values: readonly T[], x: unknown): x is T {
  return typeof x === 'string' && (values as readonly string[]).includes(x);
}

// PUT /policy bodies: every field is required, so a typo cannot silently keep an old value.
export function parsePolicy(input: unknown): RegistrationPolicy {
  const body = (typeof input === 'object' && input !== null ? input : {}) as Record<string, unknown>;
  const problems: string[] = [];
  if (!isOneOf(POLICY_MODES, body.mode)) {
    problems.push(`mode must be one of ${POLICY_MODES.join(', ')}`);
  }
  if (typeof body.transitive !== 'boolean') {
    problems.push('transitive must be a boolean');
  }
  if (!isOneOf(SAME_REVISION_RULES, body.sameRevision)) {
    problems.push(`sameRevision must be one of ${SAME_REVISION_RULES.join(', ')}`);
  }
  if (problems.length > 0) {
    throw new CoreError('INVALID_INPUT', `invalid policy: ${problems.join('; ')}`, { problems });
  }
  return { mode: body.mode as PolicyMode, transitive: body.transitive as boolean, sameRevision: body.sameRevision as SameRevisionRule };
}
