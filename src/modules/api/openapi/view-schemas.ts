import { RULE_IDS } from '../../../core/compat/rules';
import type {
  CanonicalFieldData,
  FieldAliasDeclaredData,
  LayoutAnnotatedData,
  LayoutDeprecatedData,
  LayoutRegisteredData,
  LineagePolicyChangedData,
  PolicyChangedData,
  ReservedNameDeclaredData,
} from '../../../core/events/events';
import { LAYOUT_FORMAT_IDS } from '../../../core/formats/format-ids';
import type { Evidence } from '../../../core/identify/evidence';
import type { IdentifiedCandidate } from '../../../core/identify/identify';
import type { KernelLayout } from '../../../core/identify/kernel-lookup';
import { FIELD_TYPES } from '../../../core/layouts/field-types';
import { POLICY_MODES, SAME_REVISION_RULES } from '../../../core/policy/registration-policy';
import type * as V from '../../../contract/views';
import type { Readiness } from '../../health/readiness';
import { array, boolean, constant, int, integer, nullable, object, oneOf, oneOfValues, optional, ref, string, text, variant } from './json-schema';
import type { JsonSchema, S } from './json-schema';

// The response bodies of the REST API (docs/API.md), one schema per view type of
// src/contract/views.ts; json-schema.ts makes each one match its type at compile time.
// Registered under components/schemas by name; operations refer to them with `view()`.

const name = text({ pattern: '^[a-z0-9][a-z0-9._-]{0,63}$', description: 'layout or lineage slug' });
const revision = text({ pattern: '^0x[0-9a-f]{8}$', description: 'VMCS12_REVISION, lower-case hex' });
const fingerprint = text({ pattern: '^sha256:[0-9a-f]{64}$' });
const offset = int({ minimum: 0 });
const timestamp = text({ format: 'date-time' });
const fieldType = oneOfValues(...FIELD_TYPES);
const encoding = optional(text({ pattern: '^0x[0-9a-f]{8}$', description: 'architectural VMCS field encoding' }));

const Provenance = object<V.Provenance>({
  tree: optional(string),
  commit: optional(string),
  kernel: optional(string),
  path: optional(string),
  changes: optional(string),
  mainline: optional(boolean),
});
const Annotations = object<V.Annotations>({ kernel: optional(string), commit: optional(string), notes: optional(string) });
const Bitfield = object<V.Bitfield>({ name: string, bits: integer });
const FieldRole = oneOfValues('header', 'data', 'padding', 'view');

const Field = object<V.FieldView>({
  name: string,
  type: fieldType,
  count: int({ minimum: 1 }),
  offset,
  size: integer,
  role: FieldRole,
  bitfields: optional(array(Bitfield)),
  encoding,
  line: optional(integer),
  column: optional(integer),
});

const summaryMembers = {
  name,
  revision,
  size: integer,
  fingerprint,
  format: oneOfValues(...LAYOUT_FORMAT_IDS),
  kernel: nullable(string),
  provenance: nullable(ref('Provenance', Provenance)),
  annotations: ref('Annotations', Annotations),
  imported: boolean,
  deprecated: boolean,
  deprecationReason: nullable(string),
  registeredAt: timestamp,
  position: integer,
  lineage: name,
};
const LayoutSummary = object<V.LayoutSummaryView>(summaryMembers);
const layoutMembers = { ...summaryMembers, fieldCount: integer, fields: array(ref('Field', Field)) };
const Layout = object<V.LayoutView>(layoutMembers);

const Severity = oneOfValues('error', 'warning', 'info');
const findingMembers = {
  rule: oneOfValues(...RULE_IDS),
  severity: Severity,
  field: string,
  message: string,
  fromOffset: optional(offset),
  toOffset: optional(offset),
  line: optional(integer),
  column: optional(integer),
  encoding,
};
const Finding = object<V.Finding>(findingMembers);
const LineageWarning = object<V.LineageWarning>({
  ...findingMembers,
  rule: constant('REVISION_CONFLICT'),
  lineage: name,
  against: name,
  heldBy: string,
});
const Registration = object<V.RegistrationView>({
  ...layoutMembers,
  sameAs: array(name),
  warnings: array(ref('LineageWarning', LineageWarning)),
  notes: optional(array(string)),
});

const fieldRefMembers = { name: string, type: fieldType, count: integer, offset, encoding };
const FieldRef = object<V.FieldRef>(fieldRefMembers);
const LostField = object<V.LostField>({ ...fieldRefMembers, reason: oneOfValues('removed', 'narrowed') });
const MovedField = object<V.MovedField>({ name: string, fromName: optional(string), fromOffset: offset, toOffset: offset, encoding });
const ResizedField = object<V.ResizedField>({
  name: string,
  fromName: optional(string),
  fromType: fieldType,
  toType: fieldType,
  fromCount: integer,
  toCount: integer,
  encoding,
});
const Verdict = oneOfValues('identical', 'compatible', 'lossy');
const Report = object<V.ReportView>({
  from: name,
  to: name,
  verdict: Verdict,
  lost: array(ref('LostField', LostField)),
  retired: array(ref('FieldRef', FieldRef)),
  added: array(ref('FieldRef', FieldRef)),
  moved: array(ref('MovedField', MovedField)),
  resized: array(ref('ResizedField', ResizedField)),
  inPlace: boolean,
  revisionConflict: boolean,
  findings: array(ref('Finding', Finding)),
});
const Matrix = object<V.MatrixView>({
  layouts: array(name),
  verdicts: array(array(Verdict), { description: 'row: from, column: to' }),
  conflicts: array(array(boolean), { description: 'revisionConflict of each pair' }),
});

type Op<K extends V.PlanOp['op']> = Extract<V.PlanOp, { op: K }>;
const PlanOp = oneOf<V.PlanOp>(
  variant(object<Op<'copy'>>({ op: constant('copy'), from: offset, to: offset, length: integer })),
  variant(object<Op<'resize'>>({ op: constant('resize'), field: string, from: offset, to: offset, fromWidth: integer, toWidth: integer, count: integer })),
  variant(object<Op<'revision'>>({ op: constant('revision'), to: offset, value: integer })),
);
const AbsentRange = object<V.AbsentRange>({ field: string, from: offset, width: integer, count: integer, firstIndex: integer, array: boolean });
const Plan = object<V.PlanView>({
  from: name,
  to: name,
  id: string,
  fromFingerprint: fingerprint,
  toFingerprint: fingerprint,
  fromRevision: integer,
  fromSize: integer,
  toSize: integer,
  ops: array(ref('PlanOp', PlanOp)),
  absent: array(ref('AbsentRange', AbsentRange)),
  copyRuns: integer,
  bytesCopied: integer,
});

const lossMembers = { field: string, index: optional(integer), reason: oneOfValues('absent', 'truncated') };
const BlobLoss = oneOf<V.BlobLossView>(
  object<V.BlobLoss>(lossMembers),
  variant(object<V.NestedLoss>({ ...lossMembers, region: oneOfValues('vmcs12', 'shadow_vmcs12') })),
);
const Conversion = object<V.ConversionView>({
  blob: text({ contentEncoding: 'base64' }),
  lost: array(ref('BlobLoss', BlobLoss)),
  planId: string,
  fromFingerprint: fingerprint,
  toFingerprint: fingerprint,
  from: optional(name),
  sourceCandidates: optional(array(name)),
});

const policyMembers = { mode: oneOfValues(...POLICY_MODES), transitive: boolean, sameRevision: oneOfValues(...SAME_REVISION_RULES) };
const Policy = object<PolicyChangedData>(policyMembers);
const PolicyView = object<V.PolicyView>({ ...policyMembers, position: int({ minimum: 0, description: 'of the last change; 0: the default' }) });
const Lineage = object<V.LineageView>({
  name,
  branchesFrom: nullable(name),
  layouts: array(name),
  latest: nullable(name),
  policy: nullable(ref('Policy', Policy)),
  effectivePolicy: ref('Policy', Policy),
  position: integer,
});
const Alias = object<V.AliasView>({ from: string, to: string, position: integer });
const Reserved = object<V.ReservedView>({ name: string, reason: string, position: integer });
// What POST /aliases and POST /reserved answer: the declaration as accepted.
const AliasDeclared = object<{ from: string; to: string }>({ from: string, to: string });
const ReservedDeclared = object<{ name: string; reason: string }>({ name: string, reason: string });

const EventMetadata = object<V.EventMetadata>({ actor: optional(string), requestId: optional(string), idempotencyKey: optional(string), commandHash: optional(string) });
const CanonicalField = object<CanonicalFieldData>({
  name: string,
  type: fieldType,
  count: integer,
  offset,
  size: integer,
  role: FieldRole,
  bitfields: optional(array(Bitfield)),
  line: optional(integer),
  column: optional(integer),
});
const LayoutRegistered = object<LayoutRegisteredData>({
  name,
  revision,
  size: integer,
  fingerprint,
  format: oneOfValues(...LAYOUT_FORMAT_IDS),
  source: text({ description: 'C text or JSON as submitted' }),
  fields: array(CanonicalField),
  provenance: optional(ref('Provenance', Provenance)),
  imported: optional(boolean),
  lineage: optional(name),
  branchesFrom: optional(nullable(name)),
  precedes: optional(name),
});
type EventOf<K extends V.EventView['type']> = Extract<V.EventView, { type: K }>;
function event<K extends V.EventView['type']>(type: K, data: S<EventOf<K>['data']>): S<V.EventView> {
  const members = {
    type: constant(type),
    data,
    position: int({ minimum: 1 }),
    stream: string,
    version: integer,
    metadata: ref('EventMetadata', EventMetadata),
    recordedAt: timestamp,
    hash: text({ pattern: '^[0-9a-f]{64}$' }),
  };
  return variant(object<EventOf<K>>(members as never, { title: type }));
}
const Event = oneOf<V.EventView>(
  event('LayoutRegistered', LayoutRegistered),
  event('LayoutDeprecated', object<LayoutDeprecatedData>({ name, reason: string })),
  event('LayoutAnnotated', object<LayoutAnnotatedData>({ name, kernel: optional(string), commit: optional(string), notes: optional(string) })),
  event('FieldAliasDeclared', object<FieldAliasDeclaredData>({ from: string, to: string })),
  event('PolicyChanged', ref('Policy', Policy)),
  event('LineagePolicyChanged', object<LineagePolicyChangedData>({ lineage: name, policy: nullable(ref('Policy', Policy)) })),
  event('ReservedNameDeclared', object<ReservedNameDeclaredData>({ name: string, reason: string })),
);
const ChainVerification = object<V.ChainVerificationView>({ ok: boolean, events: integer, head: nullable(string), firstBadPosition: optional(integer) });

const Evidence = object<Evidence>({ check: string, field: string, offset, ok: boolean, detail: string, weight: oneOfValues('fact', 'evidence') });
const Candidate = object<IdentifiedCandidate>({
  name,
  lineage: nullable(name),
  score: integer,
  plausible: boolean,
  checks: object({ passed: integer, failed: integer }),
  evidence: array(ref('Evidence', Evidence)),
  sameAs: array(name),
});
const Identification = object<V.IdentificationView>({
  revision,
  verdict: oneOfValues('identified', 'ambiguous', 'unknown'),
  reason: string,
  candidates: array(ref('Candidate', Candidate)),
});
const KernelLayout = object<KernelLayout>({
  name,
  lineage: nullable(name),
  fingerprint,
  match: oneOfValues('exact', 'series'),
  evidence: array(object({ release: string, evidence: string })),
});
const KernelLookup = object<V.KernelLookupView>({ release: string, layouts: array(ref('KernelLayout', KernelLayout)) });
const Readiness = object<Readiness>({
  status: oneOfValues('ok', 'degraded'),
  database: oneOfValues('up', 'down'),
  migrations: oneOfValues('applied', 'pending', 'unknown'),
  catalog: oneOfValues('imported', 'pending'),
});
const Liveness = object<{ status: string }>({ status: constant('ok') as S<string> });

// Every 4xx and 5xx (docs/API.md, first paragraph): the kind, a sentence, and the details of
// that kind (`field`, `line`, `column`, `findings`, `candidates`, ...).
const ErrorBody: S<V.ErrorView> = {
  type: 'object',
  properties: { error: { type: 'string', description: 'the kind, e.g. invalid_input, not_found, payload_too_large' }, message: { type: 'string' } },
  required: ['error', 'message'],
  additionalProperties: true,
};

export const VIEW_SCHEMAS = {
  Provenance,
  Annotations,
  Field,
  LayoutSummary,
  Layout,
  Registration,
  Finding,
  LineageWarning,
  FieldRef,
  LostField,
  MovedField,
  ResizedField,
  Report,
  Matrix,
  PlanOp,
  AbsentRange,
  Plan,
  BlobLoss,
  Conversion,
  Policy,
  PolicyView,
  Lineage,
  Alias,
  Reserved,
  AliasDeclared,
  ReservedDeclared,
  EventMetadata,
  Event,
  ChainVerification,
  Evidence,
  Candidate,
  Identification,
  KernelLayout,
  KernelLookup,
  Readiness,
  Liveness,
  Error: ErrorBody,
} satisfies Record<string, JsonSchema>;

export type ViewName = keyof typeof VIEW_SCHEMAS;

export function view(viewName: ViewName): JsonSchema {
  return { $ref: `#/components/schemas/${viewName}` };
}
