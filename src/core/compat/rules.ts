// Every finding a compatibility report can hold, with its fixed facts, as KVM keeps field facts
// in one table: the comparison, the registration policy, the GraphQL enum and the docs all read
// this table, so a rule's severity or meaning is written once.
//
// losesData: the finding's field has no home (or less room) in B; such fields are `lost`, make
// the verdict `lossy`, and are what the policy's backward/forward checks refuse.
// conflict: A and B share a revision id and a reader could not tell them apart; the policy's
// sameRevision check refuses these.
// breaksInPlace: the finding itself refuses under the kernel's rule for a layout that keeps its
// revision id (the comment on struct vmcs12): a reference field removed without its bytes kept
// reserved, or a conflict. Moves and resizes refuse through the REVISION_CONFLICT they raise
// under one revision id, so they are not counted twice; a retirement follows the rule.
export type Severity = 'error' | 'warning' | 'info';

export interface RuleFacts {
  readonly severity: Severity;
  readonly losesData: boolean;
  readonly conflict: boolean;
  readonly breaksInPlace: boolean;
  readonly summary: string; // one line, for the docs and the GraphQL enum's description
}

export const RULES = {
  FIELD_REMOVED: { severity: 'error', losesData: true, conflict: false, breaksInPlace: true, summary: 'a data field of A has no field of its name in B' },
  // Contract 0.2: the field's bytes are reserved in B. Its values have no home, but the bytes
  // mean nothing else, so the kernel may do this under the same revision id.
  FIELD_RETIRED: { severity: 'error', losesData: true, conflict: false, breaksInPlace: false, summary: "a data field of A whose bytes are reserved in B" },
  FIELD_NARROWED: { severity: 'error', losesData: true, conflict: false, breaksInPlace: false, summary: 'a field is narrower in B, or has fewer elements' },
  FIELD_MOVED: { severity: 'warning', losesData: false, conflict: false, breaksInPlace: false, summary: 'a field is at another offset in B' },
  FIELD_RESIZED: { severity: 'warning', losesData: false, conflict: false, breaksInPlace: false, summary: 'a field is wider in B, or has more elements' },
  FIELD_ADDED: { severity: 'info', losesData: false, conflict: false, breaksInPlace: false, summary: 'a data field of B is not in A' },
  REVISION_CONFLICT: {
    severity: 'error',
    losesData: false,
    conflict: true, breaksInPlace: true,
    summary: 'A and B share a revision id while a field moved or resized, or the same bytes hold differently named fields',
  },
  SIZE_CHANGED: { severity: 'warning', losesData: false, conflict: false, breaksInPlace: false, summary: 'the blob size differs' },
} as const satisfies Record<string, RuleFacts>;

export type FindingRule = keyof typeof RULES;

export const RULE_IDS = Object.keys(RULES) as FindingRule[];

export function losesData(rule: FindingRule): boolean {
  return RULES[rule].losesData;
}

export function breaksInPlace(rule: FindingRule): boolean {
  return RULES[rule].breaksInPlace;
}
