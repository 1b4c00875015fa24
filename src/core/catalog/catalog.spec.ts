import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pins from '../../../test/fixtures/layouts/offset-pins.json';
import { structsFromSeedPatch } from '../../../test/fixtures/layouts/seed-patch';
import { parseLayoutC } from '../layouts/c-parser';
import { fingerprint } from '../layouts/fingerprint';
import { formatRevision } from '../layouts/layout';
import { defaultCatalogDir, loadCatalog, type CatalogEntry } from './catalog';

// The built-in catalog, pinned like KVM's CHECK_OFFSET: every offset of every layout against
// the facts in ../shared/layouts (offset-pins.json); the 2017 RFC against gcc's offsetof.

const catalog = loadCatalog();
const byName = new Map(catalog.map((e) => [e.name, e]));
const entry = (name: string): CatalogEntry => {
  const e = byName.get(name);
  if (!e) {
    throw new Error(`no catalog entry ${name}`);
  }
  return e;
};
type Pin = { revision: string; size: number; offsets: [string, number][] };
const pinned = Object.entries(pins as unknown as Record<string, Pin>);

describe('loadCatalog', () => {
  it('lists the layouts in history order', () => {
    expect(catalog.map((e) => e.name)).toEqual([
      'linux-v3.1', 'linux-v3.10', 'linux-v3.18', 'linux-v4.4', 'linux-v4.14', 'rfc-2017-pre-evmcs',
      'rfc-2017-evmcs-reorder', 'linux-v4.17-pinned', 'linux-v4.19-hdr', 'uek-dead-space', 'kvm-sgx-encls',
      'linux-v5.13', 'linux-tsc-multiplier', 'intel-cet-mainline-tracking', 'xinli-fred-cet',
      'xinli-fred-appended', 'fantry-fred-rfc-shifted', 'seanjc-enclv', 'ilstam-tsc-scaling-v1',
      'nested-tsc-scaling-dead-space', 'lkp-apic-timer-virt', 'ammarfaizi2-guest-lbr-ctl',
      'intel-td-partitioning-cet', 'intel-mainline-tracking-fred', 'intel-cc-api-cet-fred', 'intel-apx-cet',
      'lkp-tertiary-cet', 'pkvm-ia-exit-io-ple', 'pks-rfc-cet', 'pks-kvm', 'intel-dcp-lbr-cet-pks',
      'sangfor-kvm-cet', 'opentdx-cet', 'hyperv-evmcs-v1',
    ]);
  });

  it('gives each entry its source text, fingerprint and provenance', () => {
    for (const e of catalog) {
      expect(e.fingerprint).toBe(fingerprint(e.layout));
      expect(e.source.length).toBeGreaterThan(1000);
      expect(e.provenance.changes).toEqual(expect.any(String));
      expect(e.provenance.mainline).toEqual(expect.any(Boolean));
    }
    expect(catalog.filter((e) => e.format === 'json')).toHaveLength(18);
  });

  it('puts every layout in a lineage; mainline is upstream KVM only', () => {
    const lineageOf = Object.fromEntries(catalog.map((e) => [e.name, e.lineage]));
    expect(catalog.filter((e) => e.lineage === 'mainline').map((e) => e.name)).toEqual(expect.arrayContaining([
      'linux-v3.1', 'linux-v3.10', 'linux-v3.18', 'linux-v4.4', 'linux-v4.14', 'rfc-2017-pre-evmcs',
      'linux-v4.17-pinned', 'linux-v4.19-hdr', 'uek-dead-space', 'linux-v5.13', 'linux-tsc-multiplier',
    ]));
    expect(lineageOf).toMatchObject({
      'rfc-2017-evmcs-reorder': 'evmcs-rfc-2017', // a proposal on the list, never merged
      'kvm-sgx-encls': 'kvm-sgx',
      'intel-cet-mainline-tracking': 'intel-mainline-tracking',
      'fantry-fred-rfc-shifted': 'fred-rfc',
      'hyperv-evmcs-v1': 'hyperv-evmcs',
    });
    for (const e of catalog) {
      expect([e.name, e.provenance.mainline]).toEqual([e.name, e.lineage === 'mainline']);
    }
  });

  it('says where each lineage branches from on its first layout only', () => {
    const firsts = new Map<string, string | null | undefined>();
    for (const e of catalog) {
      if (!firsts.has(e.lineage)) {
        firsts.set(e.lineage, e.branchesFrom);
      } else {
        expect([e.name, 'branchesFrom' in e]).toEqual([e.name, false]);
      }
    }
    expect(firsts.get('mainline')).toBeUndefined();
    // the eVMCS is Hyper-V's format, not a descendant of any vmcs12
    expect(firsts.get('hyperv-evmcs')).toBeNull();
    const branched = [...firsts].filter(([l]) => l !== 'mainline' && l !== 'hyperv-evmcs');
    expect(branched.length).toBeGreaterThan(5);
    // every vendor and development lineage branches from mainline, but the cc-api tree, which
    // carries intel/mainline-tracking's CET layout and appends FRED to it
    expect(branched.filter(([, from]) => from !== 'mainline')).toEqual([['intel-cc-api', 'intel-mainline-tracking']]);
  });

  it('finds catalog/ at the package root', () => {
    expect(defaultCatalogDir()).toMatch(/[/\\]catalog$/);
  });

  it('holds the 2017 RFC exactly as the seed patch gives it', () => {
    const seed = structsFromSeedPatch(readFileSync(join(__dirname, '../../../test/fixtures/layouts/seed-2017-evmcs-reorder.txt'), 'utf8'));
    expect(entry('rfc-2017-evmcs-reorder').fingerprint).toBe(fingerprint(parseLayoutC(seed.after).layout));
    expect(entry('rfc-2017-pre-evmcs').fingerprint).toBe(fingerprint(parseLayoutC(seed.before).layout));
  });

  it('shares a fingerprint only where the content is the same', () => {
    expect(entry('rfc-2017-pre-evmcs').fingerprint).toBe(entry('linux-v4.14').fingerprint);
    expect(new Set(catalog.map((e) => e.fingerprint)).size).toBe(catalog.length - 1);
  });

  it('gives the Hyper-V eVMCS revision 1, a 4096-byte page and revision_id as its header', () => {
    const hv = entry('hyperv-evmcs-v1').layout;
    expect([hv.revision, hv.size, hv.fields[0]?.name, hv.fields[0]?.role]).toEqual([1, 4096, 'revision_id', 'header']);
  });

  it('names the file when a catalog layout is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmcs12-catalog-'));
    try {
      const bad = { revision: '0x1', size: 4096, fields: [{ name: 'abort', type: 'u32', offset: 0 }] };
      writeFileSync(join(dir, 'bad.json'), JSON.stringify(bad));
      writeFileSync(join(dir, 'index.json'), JSON.stringify({ layouts: [{ name: 'bad', file: 'bad.json', format: 'json', lineage: 'mainline', kernels: [], provenance: { mainline: true } }] }));
      expect(() => loadCatalog(dir)).toThrow(expect.objectContaining({ code: 'INVALID_LAYOUT', details: { offset: 0, file: 'bad.json' } }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// One test per layout over its whole [field, offset] table: a moved field shows up in the diff
// by name, and 3,000 single-field tests would cost seconds of runner overhead.
describe('catalog offsets (CHECK_OFFSET)', () => {
  it.each(pinned)('%s keeps its pinned revision, size and every field offset', (name, pin) => {
    const layout = entry(name).layout;
    expect([formatRevision(layout.revision), layout.size]).toEqual([pin.revision, pin.size]);
    expect(layout.fields.map((f) => [f.name, f.offset])).toEqual(pin.offsets);
  });

  // The rest carry the tree's own CHECK_OFFSET list, compiled and compared in catalog-offsets.spec.
  it('pins every catalog layout that carries no CHECK_OFFSET list of its own', () => {
    const unchecked = catalog.filter((e) => !/CHECK_OFFSET\(\w+, \d+\);/.test(e.source));
    expect(pinned.map(([name]) => name).sort()).toEqual(unchecked.map((e) => e.name).sort());
  });
});
