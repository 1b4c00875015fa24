import { CoreError } from '../errors';
import type { Provenance } from '../events/events';
import { LAYOUT_NAME_PATTERN } from '../events/registry-state';
import { MAX_REVISION } from '../layouts/layout';
import type { Layout } from '../layouts/layout';
import { parseLayoutC } from '../layouts/c-parser';
import { layoutFromJson } from '../layouts/from-json';
import { parseRevision } from '../layouts/revision';

// One validation of a registration request for every transport (REST, GraphQL, CLI), so that
// all of them refuse the same input with the same message.
export const MAX_SOURCE_BYTES = 1024 * 1024;

export interface RegisterRequest {
  name: string;
  format: 'c' | 'json';
  source: string; // as submitted: C text, or the JSON layout re-serialised
  layout: Layout;
  provenance?: Provenance;
}

export function parseRegisterRequest(body: unknown): RegisterRequest {
  const b = asObject(body, 'request body');
  const name = requireString(b, 'name');
  if (!LAYOUT_NAME_PATTERN.test(name)) {
    throw invalid(`name ${JSON.stringify(name)} must match ${LAYOUT_NAME_PATTERN.source}`, 'name');
  }
  const format = b.format ?? (b.source !== undefined ? 'c' : 'json');
  const revision = b.revision === undefined || b.revision === null ? undefined : parseRequestRevision(b.revision);
  const size = b.size === undefined || b.size === null ? undefined : parseSize(b.size);
  const provenance = parseProvenance(b);
  if (format === 'c') {
    const source = requireString(b, 'source');
    if (Buffer.byteLength(source, 'utf8') > MAX_SOURCE_BYTES) {
      throw invalid(`source is larger than ${MAX_SOURCE_BYTES} bytes`, 'source');
    }
    const parsed = parseLayoutC(source, { revision, size });
    parseSize(parsed.layout.size); // a VMCS12_SIZE from the text is bound like a requested size
    return { name, format, source, layout: parsed.layout, provenance };
  }
  if (format === 'json') {
    if (revision === undefined || size === undefined) {
      throw invalid('a JSON layout needs revision and size', revision === undefined ? 'revision' : 'size');
    }
    if (!Array.isArray(b.fields)) {
      throw invalid('a JSON layout needs a fields array', 'fields');
    }
    const json = { revision: b.revision, size, fields: b.fields };
    const layout = layoutFromJson(json);
    return { name, format, source: JSON.stringify(json), layout, provenance };
  }
  throw invalid(`format must be "c" or "json", not ${JSON.stringify(format)}`, 'format');
}

export function parseRequestRevision(value: unknown): number {
  const n = parseRevision(value);
  if (n > MAX_REVISION) {
    throw invalid(`revision ${String(value)} needs more than 31 bits: bit 31 of the header is the shadow-VMCS flag`, 'revision');
  }
  return n;
}

function parseSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 8 || value > 65536) {
    throw invalid(`size must be an integer number of bytes in 8..65536, not ${JSON.stringify(value)}`, 'size');
  }
  return value;
}

function parseProvenance(b: Record<string, unknown>): Provenance | undefined {
  const p: Provenance = {};
  for (const key of ['kernel', 'tree', 'commit', 'changes'] as const) {
    const v = b[key];
    if (v === undefined || v === null) {
      continue;
    }
    if (typeof v !== 'string' || v.length > 512) {
      throw invalid(`${key} must be a string of at most 512 characters`, key);
    }
    p[key] = v;
  }
  return Object.keys(p).length > 0 ? p : undefined;
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${what} must be a JSON object`, undefined);
  }
  return value as Record<string, unknown>;
}

function requireString(b: Record<string, unknown>, key: string): string {
  const v = b[key];
  if (typeof v !== 'string' || v.length === 0) {
    throw invalid(`${key} is required and must be a non-empty string`, key);
  }
  return v;
}

function invalid(message: string, field: string | undefined): CoreError {
  return new CoreError('INVALID_INPUT', message, field === undefined ? {} : { field });
}
