import { parseIndex } from './catalog-index';

// The index is data a person edits by hand: each mistake is refused with the entry and the rule.

const entry = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  name: 'linux-a',
  file: 'a.json',
  format: 'json',
  lineage: 'mainline',
  kernels: [],
  provenance: { mainline: true },
  ...over,
});
const vendor = (over: Record<string, unknown> = {}): Record<string, unknown> =>
  entry({ name: 'vendor-a', lineage: 'vendor', provenance: { mainline: false }, ...over });
const parse = (...layouts: unknown[]): unknown => parseIndex({ layouts }, 'index.json');
const evidence = 'Debian package linux-source-6.1 6.1.192-3: vmcs12.h read';

describe('parseIndex', () => {
  it('accepts lineages, branch points and kernels with evidence', () => {
    const parsed = parse(
      entry({ kernels: [{ release: '6.1.192', evidence }, { release: '6.17-rc3', evidence }] }),
      vendor({ branchesFrom: 'mainline' }),
      vendor({ name: 'vendor-b' }),
      entry({ name: 'hv', lineage: 'hv', branchesFrom: null, provenance: { mainline: false } }),
    );
    expect(parsed).toHaveLength(4);
  });

  it.each([
    ['no lineage', [entry({ lineage: undefined })], /layouts\[0\] \(linux-a\): lineage must be a slug/],
    ['a lineage that is no slug', [entry({ lineage: 'Main Line' })], /lineage must be a slug/],
    ['mainline flag against the lineage', [vendor({ branchesFrom: 'mainline', provenance: { mainline: true } })], /provenance.mainline must be false in lineage vendor/],
    ['a mainline layout not flagged so', [entry({ provenance: {} })], /provenance.mainline must be true/],
    ['a first vendor layout silent on its branch point', [entry(), vendor()], /first entry of lineage vendor must say what it branchesFrom/],
    ['branchesFrom a lineage not seen before', [vendor({ branchesFrom: 'other' })], /branchesFrom "other" is not a lineage of an earlier entry/],
    ['branchesFrom itself', [vendor({ branchesFrom: 'vendor' })], /branchesFrom "vendor" is not a lineage/],
    ['branchesFrom on a later entry', [vendor({ branchesFrom: null }), vendor({ name: 'vendor-b', branchesFrom: null })], /layouts\[1\] \(vendor-b\): branchesFrom belongs on the first entry/],
    ['mainline branching from something', [entry({ branchesFrom: 'vendor' })], /mainline branches from nothing/],
    ['kernels missing', [entry({ kernels: undefined })], /kernels must be an array/],
    ['a kernel without evidence', [entry({ kernels: [{ release: '6.1' }] })], /kernels\[0\] \(6.1\) needs its evidence/],
    ['evidence that says nothing', [entry({ kernels: [{ release: '6.1', evidence: 'repo name' }] })], /needs its evidence/],
    ['a release that is no release', [entry({ kernels: [{ release: '6.x', evidence }] })], /kernels\[0\].release must be a release/],
    ['a release twice', [entry({ kernels: [{ release: '6.1', evidence }, { release: '6.1', evidence }] })], /release 6.1 is listed twice/],
    ['an unknown key', [entry({ reserved: ['dead_space'] })], /unknown key "reserved"/],
    ['a name twice', [entry(), entry()], /layouts\[1\] \(linux-a\): name linux-a is used by an earlier entry/],
    ['a bad format', [entry({ format: 'yaml' })], /format must be "c", "json" or "btf"/],
  ])('refuses %s', (_what, layouts, message) => {
    expect(() => parse(...layouts)).toThrow(message);
  });

  it('refuses an index without a layouts array', () => {
    expect(() => parseIndex({ reserved: [] }, 'index.json')).toThrow('index.json: "layouts" must be an array');
  });
});
