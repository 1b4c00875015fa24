// Response shapes of the REST contract (shared/API.md) as the dashboard reads them. Fields the
// backend may leave out are optional; names that may come as strings or objects are unions.

export type Verdict = 'identical' | 'compatible' | 'lossy';
export type FieldRole = 'header' | 'data' | 'padding' | 'view';

export interface Provenance {
  tree?: string;
  commit?: string;
  kernel?: string;
  path?: string;
  changes?: string;
  mainline?: boolean;
}

export interface LayoutSummary {
  name: string;
  revision: string;
  size: number;
  fingerprint: string;
  kernel?: string | null;
  deprecated: boolean;
  deprecationReason?: string | null;
  provenance?: Provenance | null;
  registeredAt: string;
  position: number;
  fieldCount?: number;
  lineage?: string;
}

// GET /lineages: a line of layouts that must stay migration-compatible.
export interface LineageSummary {
  name: string;
  branchesFrom: string | null;
  layouts: string[];
  latest: string | null;
}

export interface LayoutField {
  name: string;
  type: string;
  count: number;
  offset: number;
  size: number;
  role: FieldRole;
}

export interface LayoutDetail extends LayoutSummary {
  fields: LayoutField[];
}

export interface CompatMatrix {
  layouts: string[];
  verdicts: Verdict[][];
  conflicts?: boolean[][];
}

// lost/added/resized entries are names or objects carrying a name.
export type NamedEntry = string | { name?: string; field?: string };

export interface MovedField {
  name: string;
  fromOffset: number;
  toOffset: number;
}

export interface Finding {
  rule: string;
  severity: string;
  field?: string;
  message: string;
  fromOffset?: number;
  toOffset?: number;
}

export interface CompatReport {
  verdict: Verdict;
  lost: NamedEntry[];
  added: NamedEntry[];
  moved: MovedField[];
  resized: NamedEntry[];
  inPlace: boolean;
  revisionConflict: boolean;
  findings: Finding[];
}

export type PlanOp =
  | { op: 'copy'; from: number; to: number; length: number }
  | { op: 'resize'; field: string; from: number; to: number; fromWidth: number; toWidth: number; count: number }
  | { op: 'revision'; to: number; value: number | string };

// Elements of a source field with no place in the target: not copied, reported when non-zero.
export interface AbsentRange {
  field: string;
  from: number;
  width: number;
  count: number;
  firstIndex: number;
  array: boolean;
}

export interface ConversionPlan {
  from: string;
  to: string;
  ops: PlanOp[];
  copyRuns: number;
  bytesCopied: number;
  id?: string;
  absent?: AbsentRange[];
}

export interface StoredEvent {
  position: number;
  stream: string;
  version: number;
  type: string;
  data: Record<string, unknown>;
  recordedAt: string;
  hash?: string;
}

export interface ConversionResult {
  bytes: Uint8Array;
  lost: string[];
  planId: string | undefined;
  source: string | undefined; // from "auto": the layout whose plan was used
  sourceCandidates: string[]; // from "auto": every layout that could have written the blob
}

// POST /identify
export interface IdentifyEvidence {
  check: string;
  field: string;
  offset: number;
  ok: boolean;
  detail: string;
  weight: string;
}

export interface IdentifyCandidate {
  name: string;
  lineage: string | null;
  score: number;
  plausible: boolean;
  checks: { passed: number; failed: number };
  evidence: IdentifyEvidence[];
  sameAs: string[];
}

export interface Identification {
  revision: string;
  verdict: 'identified' | 'ambiguous' | 'unknown';
  reason: string;
  candidates: IdentifyCandidate[];
}
