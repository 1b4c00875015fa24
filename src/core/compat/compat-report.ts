import type { FieldType } from '../layouts/field-types';
import type { FindingRule, Severity } from './rules';

export type { FindingRule, Severity } from './rules';

// The JSON shape of GET /compat/:from/:to. Field names are B's for fields both layouts hold
// (`fromName` says A's when a declared rename matched them), A's for lost fields, B's for added.
export type Verdict = 'identical' | 'compatible' | 'lossy';

export interface Finding {
  rule: FindingRule;
  severity: Severity;
  field: string; // '' for SIZE_CHANGED, which is about the whole blob
  message: string;
  fromOffset?: number;
  toOffset?: number;
  line?: number; // where the field was declared: B's declaration, A's for FIELD_REMOVED
  column?: number;
  encoding?: string; // architectural VMCS field encoding, "0x0000201a"
}

// A data field of one layout. `encoding` is set where the field has an architectural encoding.
export interface FieldRef {
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  encoding?: string;
}

// `removed`: no field of that name in B; `narrowed`: B's element is narrower or B has fewer.
export interface LostField extends FieldRef {
  reason: 'removed' | 'narrowed';
}

export interface MovedField {
  name: string;
  fromName?: string;
  fromOffset: number;
  toOffset: number;
  encoding?: string;
}

export interface ResizedField {
  name: string;
  fromName?: string;
  fromType: FieldType;
  toType: FieldType;
  fromCount: number;
  toCount: number;
  encoding?: string;
}

export interface CompatReport {
  verdict: Verdict;
  lost: LostField[];
  retired: FieldRef[]; // lost fields whose bytes are reserved in B (also in `lost`)
  added: FieldRef[];
  moved: MovedField[];
  resized: ResizedField[];
  inPlace: boolean;
  revisionConflict: boolean;
  findings: Finding[];
}

// Returns the architectural encoding of a vmcs12 member name, when it has one. Passed in so
// compat does not depend on the catalog module that owns the encoding table.
export type EncodingLookup = (name: string) => number | undefined;

export function formatEncoding(encoding: number | undefined): string | undefined {
  return encoding === undefined ? undefined : '0x' + encoding.toString(16).padStart(8, '0');
}
