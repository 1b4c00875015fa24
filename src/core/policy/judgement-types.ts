import type { Finding } from '../compat/compat-report';

// What the registration gate answers, as plain types (the API's views name them without
// importing the gate).

// backward: reference → N loses data; forward: N → reference does; sameRevision: N keeps the
// reference's revision id without following the kernel's rule.
export type PolicyCheck = 'backward' | 'forward' | 'sameRevision';

export interface PolicyFinding extends Finding {
  against: string; // the registered layout this finding compares with
  check: PolicyCheck;
}

export interface ReferenceFindings {
  reference: string;
  lineage: string;
  findings: PolicyFinding[];
}

// A same-revision conflict with the head of another lineage that this layout introduces.
export interface LineageWarning extends Finding {
  rule: 'REVISION_CONFLICT';
  lineage: string; // the other lineage
  against: string; // its latest layout
  heldBy: string; // the field that lineage has at those bytes (or the same field elsewhere)
}
