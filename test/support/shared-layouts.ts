import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldType } from '../../src/core/layouts/field-types';
import { typeWidth } from '../../src/core/layouts/field-types';
import type { FieldRole, Layout, LayoutField } from '../../src/core/layouts/layout';
import { loadCatalog, type CatalogEntry } from '../../src/core/catalog/catalog';

// Layouts read straight from the facts in test/fixtures/shared-layouts/*.json for the compat and conversion tests, with
// roles as API.md assigns them (header: revision_id/hdr at 0; padding by name; else data).
// Independent of the catalog module on purpose: a catalog bug cannot hide a compat bug.
// A verbatim copy of ../shared/layouts (the facts), kept in the repository so that a clone
// tests on its own; compiled benches run from dist/test/support, one level deeper.
export const SHARED_LAYOUTS_DIR = ['../fixtures/shared-layouts', '../../../test/fixtures/shared-layouts']
  .map((p) => path.resolve(__dirname, p))
  .find((p) => existsSync(path.join(p, 'README.md'))) as string;

const FILES: Record<string, string> = {
  'linux-v3.1': 'vmcs12-v3.1.json',
  'linux-v3.10': 'vmcs12-v3.10.json',
  'linux-v3.18': 'vmcs12-v3.18.json',
  'linux-v4.4': 'vmcs12-v4.4.json',
  'linux-v4.14': 'vmcs12-v4.14.json',
  'linux-v4.17-pinned': 'vmcs12-v4.17-pinned.json',
  'linux-v4.19-hdr': 'vmcs12-v4.19-hdr.json',
  'uek-dead-space': 'vmcs12-dead_space.json',
  'seanjc-enclv': 'vmcs12-nonmainline-enclv.json',
  'linux-tsc-multiplier': 'vmcs12-tsc_multiplier.json',
  'hyperv-evmcs-v1': 'hv-enlightened-vmcs.json',
};

interface JsonField {
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  bitfields?: Array<{ name: string; bits: string }>;
}

function roleOf(f: JsonField): FieldRole {
  if (f.offset === 0 && (f.name === 'revision_id' || f.name === 'hdr')) {
    return 'header';
  }
  return f.name.includes('padding') || f.name.startsWith('reserved') ? 'padding' : 'data';
}

// "0-30" → 31, "31" → 1
function bitCount(bits: string): number {
  const [lo, hi] = bits.split('-').map(Number);
  return hi === undefined ? 1 : hi - (lo ?? 0) + 1;
}

export function readSharedLayout(name: string): Layout {
  const file = FILES[name];
  if (!file) {
    throw new Error(`no shared layout file for ${name}`);
  }
  const json = JSON.parse(readFileSync(path.join(SHARED_LAYOUTS_DIR, file), 'utf8')) as {
    revision: string | number;
    size: number;
    fields: JsonField[];
  };
  const fields: LayoutField[] = json.fields.map((f) => ({
    name: f.name,
    type: f.type,
    count: f.count,
    offset: f.offset,
    size: typeWidth(f.type) * f.count,
    role: roleOf(f),
    ...(f.bitfields ? { bitfields: f.bitfields.map((b) => ({ name: b.name, bits: bitCount(b.bits) })) } : {}),
  }));
  return { revision: Number(json.revision), size: json.size, fields };
}

export function testFingerprint(layout: Layout): string {
  const canonical = {
    revision: layout.revision,
    size: layout.size,
    fields: layout.fields.map((f) => [f.name, f.type, f.count, f.offset, f.role]),
  };
  return 'sha256:' + createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function sharedEntry(name: string): { name: string; layout: Layout; fingerprint: string } {
  const layout = readSharedLayout(name);
  return { name, layout, fingerprint: testFingerprint(layout) };
}

let catalog: Map<string, CatalogEntry> | undefined;

// The built-in catalog (src/core/catalog), loaded once per test file.
export function catalogEntry(name: string): CatalogEntry {
  catalog ??= new Map(loadCatalog().map((e) => [e.name, e]));
  const entry = catalog.get(name);
  if (!entry) {
    throw new Error(`no catalog layout named ${name}`);
  }
  return entry;
}

export function catalogNames(): string[] {
  catalogEntry('linux-v3.1');
  return [...(catalog as Map<string, CatalogEntry>).keys()];
}

export const SHARED_NAMES = Object.keys(FILES);

export function catalogLayout(name: string): Layout {
  return catalogEntry(name).layout;
}
