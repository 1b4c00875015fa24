import { CoreError } from '../errors';
import { checkJsonInput } from '../input/input-text';
import type { Provenance } from '../events/events';
import { LAYOUT_NAME_PATTERN } from '../names';
import { MAX_SOURCE_BYTES } from '../formats/c-format';
import { invalidInput } from '../formats/layout-format';
import { LAYOUT_FORMATS, requestFormat, type LayoutFormatId } from '../formats/layout-formats';
import { MAX_REVISION } from '../layouts/layout';
import type { Layout } from '../layouts/layout';
import { parseRevision } from '../layouts/revision';

// One validation of a registration request for every transport (REST, GraphQL, CLI), so that
// all of them refuse the same input with the same message. The members every format shares
// are checked here; the format's own members by its row of LAYOUT_FORMATS.

// Members longer than the walker's default string bound: C text (its format also bounds its
// UTF-8 bytes) and a BTF module and base in base64 (API.md), which only the body limit bounds.
const LONG_MEMBERS: Readonly<Record<string, number>> = { source: MAX_SOURCE_BYTES, module: Number.MAX_SAFE_INTEGER, base: Number.MAX_SAFE_INTEGER };

export interface RegisterRequest {
  name: string;
  format: LayoutFormatId;
  source: string; // as submitted: C text, or the JSON layout re-serialised
  layout: Layout;
  provenance?: Provenance;
  notes?: string[];
  lineage?: string;
  branchesFrom?: string | null;
}

export function parseRegisterRequest(body: unknown): RegisterRequest {
  const b = asObject(body, 'request body');
  checkJsonInput(b, '', { long: LONG_MEMBERS });
  const name = requireString(b, 'name');
  if (!LAYOUT_NAME_PATTERN.test(name)) {
    throw invalidInput(`name ${JSON.stringify(name)} must match ${LAYOUT_NAME_PATTERN.source}`, 'name');
  }
  const revision = b.revision === undefined || b.revision === null ? undefined : parseRequestRevision(b.revision);
  const size = b.size === undefined || b.size === null ? undefined : parseSize(b.size);
  const requested = parseProvenance(b);
  const lineage = parseLineageFields(b);
  const format = requestFormat(b);
  const parsed = inSource(() => LAYOUT_FORMATS[format].fromRequest(b, { revision, size }));
  parseSize(parsed.layout.size); // a size the input itself sets (#define VMCS12_SIZE) is bound like a requested one
  const provenance = parsed.provenance || requested ? { ...parsed.provenance, ...requested } : undefined;
  return { name, format, source: parsed.source, layout: parsed.layout, provenance, ...(parsed.notes ? { notes: parsed.notes } : {}), ...lineage };
}

export function parseRequestRevision(value: unknown): number {
  const n = parseRevision(value);
  if (n > MAX_REVISION) {
    throw invalidInput(`revision ${String(value)} needs more than 31 bits: bit 31 of the header is the shadow-VMCS flag`, 'revision');
  }
  return n;
}

function parseSize(value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 8 || value > 65536) {
    throw invalidInput(`size must be an integer number of bytes in 8..65536, not ${JSON.stringify(value)}`, 'size');
  }
  return value;
}

// `lineage` (a slug, default mainline) and `branchesFrom` (a slug or null, for the first layout
// of a new lineage); whether they name known lineages is the registry's decision.
function parseLineageFields(b: Record<string, unknown>): { lineage?: string; branchesFrom?: string | null } {
  const out: { lineage?: string; branchesFrom?: string | null } = {};
  if (b.lineage !== undefined && b.lineage !== null) {
    if (typeof b.lineage !== 'string' || !LAYOUT_NAME_PATTERN.test(b.lineage)) {
      throw invalidInput(`lineage must be a slug matching ${LAYOUT_NAME_PATTERN.source}`, 'lineage');
    }
    out.lineage = b.lineage;
  }
  if (b.branchesFrom !== undefined) {
    if (b.branchesFrom !== null && (typeof b.branchesFrom !== 'string' || !LAYOUT_NAME_PATTERN.test(b.branchesFrom))) {
      throw invalidInput(`branchesFrom must be null or a lineage slug matching ${LAYOUT_NAME_PATTERN.source}`, 'branchesFrom');
    }
    out.branchesFrom = b.branchesFrom;
  }
  return out;
}

function parseProvenance(b: Record<string, unknown>): Provenance | undefined {
  const p: Provenance = {};
  for (const key of ['kernel', 'tree', 'commit', 'changes'] as const) {
    const v = b[key];
    if (v === undefined || v === null) {
      continue;
    }
    if (typeof v !== 'string' || v.length > 512) {
      throw invalidInput(`${key} must be a string of at most 512 characters`, key);
    }
    p[key] = v;
  }
  return Object.keys(p).length > 0 ? p : undefined;
}

// C syntax errors carry line and column; they also say which member of the request held the text.
function inSource<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw e instanceof CoreError && e.code === 'PARSE_ERROR' ? new CoreError(e.code, e.message, { field: 'source', ...e.details }) : e;
  }
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidInput(`${what} must be a JSON object`, undefined);
  }
  return value as Record<string, unknown>;
}

function requireString(b: Record<string, unknown>, key: string): string {
  const v = b[key];
  if (typeof v !== 'string' || v.length === 0) {
    throw invalidInput(`${key} is required and must be a non-empty string`, key);
  }
  return v;
}
