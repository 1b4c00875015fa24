import { loadCatalog } from '../catalog/catalog';
import { lookupKernel, type KernelEvidenceInput } from './kernel-lookup';

const entries: KernelEvidenceInput[] = loadCatalog().map((e) => ({ name: e.name, lineage: e.lineage, fingerprint: e.fingerprint, kernels: e.kernels }));
const fake: KernelEvidenceInput[] = [
  { name: 'old', lineage: 'mainline', fingerprint: 'sha256:1', kernels: [{ release: '4.14', evidence: 'a tree at a commit, Makefile read' }] },
  { name: 'rc', lineage: 'mainline', fingerprint: 'sha256:2', kernels: [{ release: '6.17-rc3', evidence: 'a tree at a commit, Makefile read' }] },
];

describe('lookupKernel', () => {
  it('finds the catalog layout Debian 6.12.117 ships, exactly and by series', () => {
    expect(lookupKernel('6.12.117', entries).layouts).toEqual([expect.objectContaining({ name: 'linux-tsc-multiplier', match: 'exact', lineage: 'mainline' })]);
    expect(lookupKernel('6.12', entries).layouts).toEqual([
      expect.objectContaining({ name: 'linux-tsc-multiplier', match: 'series', evidence: [expect.objectContaining({ release: '6.12.117' })] }),
    ]);
    expect(lookupKernel('6.1.5', entries).layouts[0]).toMatchObject({ name: 'linux-tsc-multiplier', match: 'series' });
  });

  it('matches a point release against evidence for its series, and rc only against the same rc', () => {
    expect(lookupKernel('4.14.336', fake).layouts.map((l) => l.name)).toEqual(['old']);
    expect(lookupKernel('6.17-rc3', fake).layouts[0]?.match).toBe('exact');
    expect(lookupKernel('6.17', fake).layouts[0]?.match).toBe('series');
    expect(() => lookupKernel('6.17-rc4', fake)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('is a 404 naming the nearest known releases', () => {
    expect(() => lookupKernel('6.6', entries)).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND', details: { release: '6.6', nearest: ['6.1.192', '6.12.117', '5.13-rc6'] } }),
    );
  });

  it.each(['6', 'linux-6.12', '6.12.x', '06.12', '6.12.1.2', '', '6.12-rc0', 'x'.repeat(70)])('refuses %j as a release (400)', (bad) => {
    expect(() => lookupKernel(bad, entries)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: { field: 'release' } }));
  });
});
