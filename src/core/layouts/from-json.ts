import { CoreError } from '../errors';
import { INPUT_LIMITS } from '../input/input-text';
import { isCIdentifier } from '../names';
import { FIELD_TYPES, isFieldType, typeWidth } from './field-types';
import type { Bitfield, FieldRole, Layout, LayoutField } from './layout';
import { parseRevision } from './revision';
import { roleFor, viewFlags } from './roles';
import { validateLayout } from './validate-layout';

// Input shape of the JSON form (API.md, "Layouts"). size and role of a field may be left out.
// Other keys (macro, encoding, note, ...) are facts for people and are ignored here.
export interface JsonLayoutInput {
  revision: string | number;
  size: number;
  fields: JsonFieldInput[];
}

export interface JsonFieldInput {
  name: string;
  type: string;
  count?: number;
  offset: number;
  size?: number;
  role?: FieldRole;
  bitfields?: Bitfield[];
}

const ROLES: readonly FieldRole[] = ['header', 'data', 'padding', 'view'];

// Builds the same Layout the C parser would for the same struct, so both forms share one
// fingerprint: roles left out follow the same rules (roles.ts).
export function layoutFromJson(input: unknown): Layout {
  const doc = asRecord(input, 'layout', {});
  const revision = parseRevision(doc.revision);
  const size = doc.size;
  if (typeof size !== 'number' || !Number.isInteger(size) || size <= 0) {
    throw bad('size must be a positive integer number of bytes', { field: 'size' });
  }
  if (!Array.isArray(doc.fields)) {
    throw bad('fields must be an array', { field: 'fields' });
  }
  const parsed = doc.fields.map((f: unknown, index) => readField(f, index));
  const views = viewFlags(parsed.map((f) => f.field));
  const fields: LayoutField[] = parsed.map((f, i) => {
    const field: LayoutField = { ...f.field, role: f.role ?? roleFor(f.field, views[i] === true) };
    return field;
  });
  const layout: Layout = { revision, size, fields };
  validateLayout(layout);
  return layout;
}

function readField(value: unknown, index: number): { field: Omit<LayoutField, 'role'>; role?: FieldRole } {
  const f = asRecord(value, `fields[${index}]`, { index });
  const where = { index, ...(typeof f.name === 'string' ? { field: f.name } : {}) };
  const label = `fields[${index}]${typeof f.name === 'string' ? ` ("${f.name}")` : ''}`;
  if (!isCIdentifier(f.name, INPUT_LIMITS.identifier)) {
    throw bad(`${label}: name must be a C identifier of at most ${INPUT_LIMITS.identifier} characters`, where);
  }
  if (typeof f.type !== 'string' || !isFieldType(f.type)) {
    throw bad(`${label}: type must be one of ${FIELD_TYPES.join(', ')}`, where);
  }
  const count = f.count ?? 1;
  if (typeof count !== 'number' || !Number.isInteger(count)) {
    throw bad(`${label}: count must be an integer`, where);
  }
  if (typeof f.offset !== 'number' || !Number.isInteger(f.offset) || f.offset < 0) {
    throw bad(`${label}: offset must be a non-negative integer`, where);
  }
  const size = typeWidth(f.type) * count;
  if (f.size !== undefined && f.size !== size) {
    throw bad(`${label}: size ${String(f.size)} disagrees with ${count} x ${f.type} = ${size} bytes`, where);
  }
  if (f.role !== undefined && !ROLES.includes(f.role as FieldRole)) {
    throw bad(`${label}: role must be one of ${ROLES.join(', ')}`, where);
  }
  const field: Omit<LayoutField, 'role'> = { name: f.name, type: f.type, count, offset: f.offset, size };
  if (f.bitfields !== undefined) {
    field.bitfields = readBitfields(f.bitfields, label, where);
  }
  return { field, ...(f.role !== undefined ? { role: f.role as FieldRole } : {}) };
}

function readBitfields(value: unknown, label: string, where: Record<string, unknown>): Bitfield[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw bad(`${label}: bitfields must be a non-empty array of {name, bits}`, where);
  }
  return value.map((b: unknown) => {
    const r = asRecord(b, `${label} bitfield`, where);
    if (!isCIdentifier(r.name, INPUT_LIMITS.identifier) || typeof r.bits !== 'number' || !Number.isInteger(r.bits) || r.bits < 1) {
      throw bad(`${label}: each bitfield needs a name (a C identifier) and a positive integer bits`, where);
    }
    return { name: r.name, bits: r.bits };
  });
}

function asRecord(value: unknown, what: string, details: Record<string, unknown>): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw bad(`${what} must be a JSON object`, details);
  }
  return value as Record<string, unknown>;
}

function bad(message: string, details: Record<string, unknown>): CoreError {
  return new CoreError('INVALID_INPUT', message, details);
}
