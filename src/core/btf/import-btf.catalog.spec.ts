import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCatalogFixtures, CATALOG_FIXTURES, findTools } from '../../../test/support/btf-catalog-fixtures';
import { caught } from '../../../test/support/caught';
import { loadCatalog } from '../catalog/catalog';
import { parseLayoutC } from '../layouts/c-parser';
import { fingerprint } from '../layouts/fingerprint';
import type { Layout } from '../layouts/layout';
import { layoutToC } from '../layouts/to-c';
import { importBtf } from './import-btf';

// Every catalog layout, compiled by gcc and encoded by pahole (test/support/btf-catalog-fixtures.ts),
// imported from its BTF, against the C parser reading the same C text: field for field.

const fixture = (name: string) => readFileSync(join(CATALOG_FIXTURES, name));
const catalog = loadCatalog();
const base = fixture('base.btf');

// What the C parser makes of the text gcc compiled; source locations aside, BTF has none.
function parsedFromC(layout: Layout): Layout {
  const parsed = parseLayoutC(layoutToC(layout, { standalone: true })).layout;
  return { ...parsed, fields: parsed.fields.map(({ source: _source, ...f }) => f) };
}

describe('BTF of every catalog layout, as gcc and pahole wrote it', () => {
  it.each(catalog.map((e) => [e.name, e] as const))('%s: the ELF object (.BTF) gives the C parser\'s layout', (name, entry) => {
    const imported = importBtf(fixture(`${name}.o`), undefined, { revision: entry.layout.revision, size: entry.layout.size });
    expect(imported.layout).toEqual(parsedFromC(entry.layout));
    expect(fingerprint(imported.layout)).toBe(entry.fingerprint);
    expect(imported.revisionAssumed).toBe(false);
  });

  it.each(catalog.map((e) => [e.name, e] as const))('%s: split BTF over a separately encoded base gives the same layout', (name, entry) => {
    const imported = importBtf(fixture(`${name}.split.btf`), base, { revision: entry.layout.revision, size: entry.layout.size });
    expect(imported.layout).toEqual(parsedFromC(entry.layout));
    expect(imported.structTypeId).toBeGreaterThan(1); // ids continue after the base's
  });

  it('without a revision, assumes 0x11e57ed0 and says BTF does not record it', () => {
    const imported = importBtf(fixture('linux-v4.19-hdr.o'));
    expect(imported.layout.revision).toBe(0x11e57ed0);
    expect(imported.revisionAssumed).toBe(true);
    expect(imported.notes.join(' ')).toMatch(/BTF does not record VMCS12_REVISION/);
  });

  it('split BTF without its base is refused, saying a base is needed', () => {
    const e = caught(() => importBtf(fixture('linux-v4.19-hdr.split.btf')));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.message).toMatch(/split BTF.*give the BTF it is split over/);
    expect(e.details).toMatchObject({ input: 'module', offset: expect.any(Number) as number });
  });

  it('split BTF over another base is refused, not read as another layout', () => {
    const other = fixture('linux-v3.1.split.btf'); // split too: its strings do not start with NUL
    expect(caught(() => importBtf(fixture('linux-v4.19-hdr.split.btf'), other)).code).toBe('INVALID_BTF');
    // a standalone object given a base it was not split over
    const e = caught(() => importBtf(fixture('linux-v4.19-hdr.o'), base));
    expect(e.code).toBe('INVALID_BTF');
    expect(e.details).toMatchObject({ input: 'module' });
  });

  const tools = findTools();
  (tools ? it : it.skip)('the committed fixtures are what the script builds with this gcc and pahole', () => {
    const out = mkdtempSync(join(tmpdir(), 'btf-rebuild-'));
    try {
      const hashes = buildCatalogFixtures(out, tools as NonNullable<typeof tools>);
      const manifest = JSON.parse(readFileSync(join(CATALOG_FIXTURES, 'manifest.json'), 'utf8')) as { files: Record<string, string> };
      expect(hashes).toEqual(manifest.files);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
