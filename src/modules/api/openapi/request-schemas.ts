import { FIELD_TYPES } from '../../../core/layouts/field-types';
import type { BodyField, LayoutFormat } from '../../../core/formats/layout-format';
import { LAYOUT_FORMATS } from '../../../core/formats/layout-formats';
import { INPUT_LIMITS } from '../../../core/input/input-text';
import { C_IDENTIFIER_SOURCE, LAYOUT_NAME_PATTERN } from '../../../core/names';
import { POLICY_MODES, SAME_REVISION_RULES } from '../../../core/policy/registration-policy';
import { MAX_ANNOTATION_LENGTH, MAX_REASON_LENGTH } from '../../../core/registry/governance-request';
import type { JsonSchema } from './json-schema';

// The request bodies of the REST writes. Their validation is the core's (src/core/registry,
// src/core/formats), shared by REST, GraphQL and the CLI so all three refuse the same input with
// the same message; these schemas describe that input from the validators' own constants, and
// the registration body from the table of formats the parser reads (LAYOUT_FORMATS' bodyFields).
// request-schemas.spec.ts checks that each small body's schema accepts exactly what its
// validator accepts. Beyond the schemas, text is refused when it holds a NUL or an unpaired
// surrogate, and lengths are counted in UTF-16 units as JavaScript does.

const SLUG = LAYOUT_NAME_PATTERN.source;
const IDENTIFIER = `^${C_IDENTIFIER_SOURCE}$`;
const slug = (description: string): JsonSchema => ({ type: 'string', pattern: SLUG, description });

const JSON_FIELD: JsonSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    type: { type: 'string', enum: [...FIELD_TYPES] },
    count: { type: 'integer', minimum: 1 },
    offset: { type: 'integer', minimum: 0 },
    size: { type: 'integer', description: 'may be left out' },
    role: { type: 'string', enum: ['header', 'data', 'padding', 'view'], description: 'may be left out: padding by name, views by overlap' },
    bitfields: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, bits: { type: 'integer' } }, required: ['name', 'bits'] } },
  },
  required: ['name', 'type', 'offset'],
};

const MEMBER_SCHEMAS: Record<BodyField['kind'], JsonSchema> = {
  text: { type: 'string' },
  base64: { type: 'string', contentEncoding: 'base64' },
  fields: { type: 'array', items: JSON_FIELD },
};

// Members every format shares (register-request.ts).
const COMMON_MEMBERS: Record<string, JsonSchema> = {
  name: slug('unique layout name'),
  revision: { type: 'string', description: 'VMCS12_REVISION, e.g. "0x11e57ed0" (31 bits); C text may #define it instead' },
  size: { type: 'integer', minimum: 8, maximum: 65536, description: 'bytes of a saved blob (VMCS12_SIZE); default 4096 or the #define' },
  kernel: { type: 'string', maxLength: 512 },
  tree: { type: 'string', maxLength: 512 },
  commit: { type: 'string', maxLength: 512 },
  changes: { type: 'string', maxLength: 512 },
  lineage: slug('the lineage this layout must stay migration-compatible with (default mainline)'),
  branchesFrom: { oneOf: [slug('first layout of a new lineage: the lineage it branches from'), { type: 'null' }] },
};

function registerVariant(id: string, format: LayoutFormat): JsonSchema {
  const own = Object.fromEntries(format.bodyFields.map((m) => [m.name, { ...MEMBER_SCHEMAS[m.kind], description: m.description }]));
  const required = ['name', ...format.bodyFields.filter((m) => m.required).map((m) => m.name)];
  // JSON gives the revision and size itself; the other formats may leave them to the input.
  const json = id === 'json';
  return {
    title: `${format.name} layout`,
    type: 'object',
    properties: { ...COMMON_MEMBERS, format: { type: 'string', const: id, description: format.impliedBy ? `may be left out when ${format.impliedBy} is given` : 'the default' }, ...own },
    required: json ? [...required, 'revision', 'size'] : required,
  };
}

export const REGISTER_REQUEST: JsonSchema = {
  oneOf: Object.entries(LAYOUT_FORMATS).map(([id, format]) => registerVariant(id, format as LayoutFormat)),
};

const REASON: JsonSchema = { type: 'string', pattern: '\\S', maxLength: MAX_REASON_LENGTH, description: 'not only white space' };

export const DEPRECATE_REQUEST: JsonSchema = { type: 'object', properties: { reason: REASON }, required: ['reason'] };

// Members left out or null keep their value.
export const ANNOTATE_REQUEST: JsonSchema = {
  type: 'object',
  properties: Object.fromEntries(['kernel', 'commit', 'notes'].map((k) => [k, { type: ['string', 'null'], maxLength: MAX_ANNOTATION_LENGTH }])),
};

export const ALIAS_REQUEST: JsonSchema = {
  type: 'object',
  properties: {
    from: { type: 'string', pattern: IDENTIFIER, maxLength: INPUT_LIMITS.identifier, description: "the field's old name" },
    to: { type: 'string', pattern: IDENTIFIER, maxLength: INPUT_LIMITS.identifier, description: "the field's new name" },
  },
  required: ['from', 'to'],
};

export const RESERVED_REQUEST: JsonSchema = {
  type: 'object',
  properties: { name: { type: 'string', pattern: IDENTIFIER, maxLength: INPUT_LIMITS.identifier }, reason: REASON },
  required: ['name', 'reason'],
};

// PUT /policy: every member required, so a typo cannot silently keep an old value.
export const POLICY_REQUEST: JsonSchema = {
  type: 'object',
  properties: { mode: { type: 'string', enum: [...POLICY_MODES] }, transitive: { type: 'boolean' }, sameRevision: { type: 'string', enum: [...SAME_REVISION_RULES] } },
  required: ['mode', 'transitive', 'sameRevision'],
};
export const LINEAGE_POLICY_REQUEST: JsonSchema = { oneOf: [POLICY_REQUEST, { type: 'null', description: 'back to the global policy' }] };

// Padded standard base64 (blob-input.ts: its alphabet, at most two '=', a multiple of 4 long).
const BASE64 = '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$';

// POST /convert and /identify: the blob raw, or base64 in JSON.
export const BLOB_REQUEST: JsonSchema = {
  oneOf: [
    { title: 'JSON', type: 'object', properties: { blob: { type: 'string', contentEncoding: 'base64', pattern: BASE64, description: 'padded standard base64' } }, required: ['blob'] },
    { title: 'raw bytes (application/octet-stream)', type: 'string', contentMediaType: 'application/octet-stream' },
  ],
};
