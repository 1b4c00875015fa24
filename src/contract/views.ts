// The JSON the API returns (docs/API.md), as types derived from the core's, in one place: REST
// controllers return them, GraphQL models are checked against them at compile time
// (graphql/models/view-checks.ts), the dashboard `import type`s them and the CLI's JSON output
// is typed by them. Types only: nothing here runs, so the browser build can import it.
import type { CompatReport, FieldRef, Finding, LostField, MovedField, ResizedField, Verdict } from '../core/compat/compat-report';
import type { FindingRule, Severity } from '../core/compat/rules';
import type { BlobLoss } from '../core/conversion/blob-loss';
import type { AbsentRange, Plan, PlanOp } from '../core/conversion/plan-types';
import type { EventMetadata, LayoutAnnotatedData, LayoutRegisteredData, PolicyChangedData, Provenance, StoredEvent } from '../core/events/events';
import type { FieldType } from '../core/layouts/field-types';
import type { LineageWarning } from '../core/policy/judgement-types';
import type { NestedLoss, NestedRegion } from '../core/nested-state/convert-nested-state';
import type { Bitfield, FieldRole } from '../core/layouts/layout';

export type { AbsentRange, BlobLoss, Bitfield, EventMetadata, FieldRef, FieldRole, FieldType, Finding, FindingRule, LineageWarning, LostField, MovedField, NestedLoss, NestedRegion, PlanOp, Provenance, ResizedField, Severity, Verdict };

export type LayoutFormatId = LayoutRegisteredData['format'];

export type Annotations = Omit<LayoutAnnotatedData, 'name'>;

// GET /layouts: a layout without its fields.
export interface LayoutSummaryView {
  name: string;
  revision: string; // "0x11e57ed0"
  size: number;
  fingerprint: string;
  format: LayoutFormatId;
  kernel: string | null; // the annotation, else the provenance's
  provenance: Provenance | null;
  annotations: Annotations;
  imported: boolean;
  deprecated: boolean;
  deprecationReason: string | null;
  registeredAt: string; // ISO 8601
  position: number;
  lineage: string; // fixed at registration
}

// One member of struct vmcs12 as GET /layouts/:name lists it.
export interface FieldView {
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  size: number;
  role: FieldRole;
  bitfields?: Bitfield[];
  encoding?: string; // data fields with an architectural encoding
  line?: number; // declared in C source
  column?: number;
}

// GET /layouts/:name, POST /layouts and the other writes on one layout.
export interface LayoutView extends LayoutSummaryView {
  fieldCount: number;
  fields: FieldView[];
}

// POST /layouts: the layout, and what the gate said about it (contract 0.2).
export interface RegistrationView extends LayoutView {
  sameAs: string[]; // registered layouts with the same fingerprint
  warnings: LineageWarning[]; // same-revision conflicts with other lineages' latest layouts
  notes?: string[]; // what the format had to assume (BTF records no revision)
}

export type ReportView = CompatReport & { from: string; to: string };

export interface MatrixView {
  layouts: string[];
  verdicts: Verdict[][];
  conflicts: boolean[][]; // revisionConflict of each pair
}

export type PlanView = Plan & { from: string; to: string };

// A lost value of a bare blob, or of a region of a kvm_nested_state container.
export type BlobLossView = BlobLoss | NestedLoss;

// POST /convert with a JSON body; raw bodies get the same facts in headers.
export interface ConversionView {
  blob: string; // base64
  lost: BlobLossView[];
  planId: string;
  fromFingerprint: string;
  toFingerprint: string;
  from?: string; // from "auto": the source layout the conversion used
  sourceCandidates?: string[]; // from "auto": every layout that could have written the blob
}

export type EventView = StoredEvent;

export interface ChainVerificationView {
  ok: boolean;
  events: number;
  head: string | null;
  firstBadPosition?: number;
}

// GET /lineages/:name. `policy` is the lineage's override (null: the global one applies);
// `effectivePolicy` is what gates its next registration either way.
export interface LineageView {
  name: string;
  branchesFrom: string | null;
  layouts: string[];
  latest: string | null;
  policy: PolicyChangedData | null;
  effectivePolicy: PolicyChangedData;
  position: number;
}

export interface PolicyView extends PolicyChangedData {
  position: number; // of the last change; 0: the default
}

export interface AliasView {
  from: string;
  to: string;
  position: number;
}

// The error body of every 4xx (docs/API.md, first paragraph), with the details of its kind.
export interface ErrorView {
  error: string;
  message: string;
  [detail: string]: unknown;
}
