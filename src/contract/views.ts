// The JSON the API returns (docs/API.md), as types derived from the core's, in one place: REST
// controllers return them, GraphQL models are checked against them at compile time
// (graphql/models/view-checks.ts), the dashboard `import type`s them and the CLI's JSON output
// is typed by them. Types only: nothing here runs, so the browser build can import it.
import type { CompatReport, FieldRef, Finding, LostField, MovedField, ResizedField, Verdict } from '../core/compat/compat-report';
import type { FindingRule, Severity } from '../core/compat/rules';
import type { BlobLoss } from '../core/conversion/blob-loss';
import type { AbsentRange, Plan, PlanOp } from '../core/conversion/plan-types';
import type { ChainVerification } from '../core/events/event-store';
import type { CanonicalFieldData, EventMetadata, PolicyChangedData, Provenance, StoredEvent } from '../core/events/events';
import type { LayoutFormatId } from '../core/formats/format-ids';
import type { FieldType } from '../core/layouts/field-types';
import type { Identification } from '../core/identify/identify';
import type { KernelLookup } from '../core/identify/kernel-lookup';
import type { LineageWarning } from '../core/policy/judgement-types';
import type { NestedLoss, NestedRegion } from '../core/nested-state/convert-nested-state';
import type { Bitfield, FieldRole } from '../core/layouts/layout';
import type { AliasRow, LayoutRow, LineageRow, PolicyRow, ReservedRow } from '../core/projections/read-rows';
import type { Annotations } from '../core/projections/registry-state';

export type { AbsentRange, Annotations, BlobLoss, Bitfield, EventMetadata, FieldRef, FieldRole, FieldType, Finding, FindingRule, LayoutFormatId, LineageWarning, LostField, MovedField, NestedLoss, NestedRegion, PlanOp, Provenance, ResizedField, Severity, Verdict };

// GET /layouts: a layout without its fields, as its read-model row (src/core/projections)
// holds it less its source text and the projection's bookkeeping, with the kernel it is known
// for: the annotation, else the provenance's. `lineage` is fixed at registration.
export type LayoutSummaryView = Omit<LayoutRow, 'source' | 'updatedPosition'> & { kernel: string | null };

// One member of struct vmcs12 as GET /layouts/:name lists it: as the registration recorded it
// (`line`/`column` where it was declared in C source), and for data fields with an
// architectural encoding, that encoding.
export type FieldView = CanonicalFieldData & { encoding?: string };

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

// POST /identify: which registered layouts could have written a blob, and why.
export type IdentificationView = Identification;

// GET /kernels/:release: the registered layouts the catalog's evidence ties to a release.
export type KernelLookupView = KernelLookup;

// The log's own types: an event as stored (envelope and data), the hash chain's verdict.
export type EventView = StoredEvent;

export type ChainVerificationView = ChainVerification;

// GET /lineages/:name. `policy` is the lineage's override (null: the global one applies);
// `effectivePolicy` is what gates its next registration either way.
export type LineageView = Pick<LineageRow, 'name' | 'branchesFrom' | 'policy' | 'position'> & {
  layouts: string[]; // registration order
  latest: string | null;
  effectivePolicy: PolicyChangedData;
};

// `position`: of the last change; 0: the default.
export type PolicyView = PolicyChangedData & Pick<PolicyRow, 'position'>;

export type AliasView = AliasRow;

// GET /reserved.
export type ReservedView = ReservedRow;

// The error body of every 4xx (docs/API.md, first paragraph), with the details of its kind.
export interface ErrorView {
  error: string;
  message: string;
  [detail: string]: unknown;
}
