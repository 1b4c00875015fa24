// Response shapes of the REST contract (docs/API.md), the very types the service returns
// (src/contract/views.ts); only what the page itself derives is declared here.
import type { ChainVerificationView, EventView, LineageView, LayoutSummaryView, LayoutView, MatrixView, PlanView, ReportView } from '../../../src/contract/views.js';

export type {
  AbsentRange,
  FieldRole,
  Finding,
  MovedField,
  PlanOp,
  Provenance,
  Verdict,
} from '../../../src/contract/views.js';

export type LayoutSummary = LayoutSummaryView;
// The members of GET /lineages the page reads.
export type LineageSummary = Pick<LineageView, 'name' | 'branchesFrom' | 'layouts' | 'latest'>;
export type LayoutDetail = LayoutView;
export type LayoutField = LayoutView['fields'][number];
export type CompatMatrix = MatrixView;
export type CompatReport = ReportView;
export type ConversionPlan = PlanView;
export type StoredEvent = EventView;
export type ChainVerification = ChainVerificationView;

// What POST /convert returns for raw bytes: the bytes, and the loss read from X-Lost-Fields.
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
