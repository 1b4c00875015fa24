import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLayoutC } from '../layouts/c-parser';
import { fingerprint } from '../layouts/fingerprint';
import { loadCatalog } from './catalog';

// `kernels` is a claim: "this release uses this layout". Where the evidence is a distro's own
// header (test/fixtures/kernels), the claim is checked here: the header's release and
// fingerprint must name exactly the entry that lists it.

const catalog = loadCatalog();
const evidenceDir = join(__dirname, '../../../test/fixtures/kernels/debian');
const packages = readdirSync(evidenceDir);

function releaseOf(makefile: string): string {
  const v = (key: string): string => new RegExp(`^${key} = ?(.*)$`, 'm').exec(makefile)?.[1]?.trim() ?? '';
  return `${v('VERSION')}.${v('PATCHLEVEL')}${v('SUBLEVEL') === '' ? '' : `.${v('SUBLEVEL')}`}${v('EXTRAVERSION')}`;
}

describe('catalog kernels', () => {
  it('gives every listed release its evidence', () => {
    const listed = catalog.flatMap((e) => e.kernels);
    expect(listed.length).toBeGreaterThan(0);
    for (const k of listed) {
      expect(k.evidence.length).toBeGreaterThan(20);
    }
  });

  it.each(packages)('%s: its release lists exactly the layout of its vmcs12.h', (pkg) => {
    const dir = join(evidenceDir, pkg);
    const release = releaseOf(readFileSync(join(dir, 'Makefile.head'), 'utf8'));
    const fp = fingerprint(parseLayoutC(readFileSync(join(dir, 'vmcs12.h'), 'utf8')).layout);
    const claiming = catalog.filter((e) => e.kernels.some((k) => k.release === release));
    expect(claiming.length).toBeGreaterThan(0);
    const [name, version] = pkg.split('_');
    for (const e of claiming) {
      expect(e.fingerprint).toBe(fp);
      expect(e.kernels.find((k) => k.release === release)?.evidence).toContain(`${name} ${version}`);
    }
  });

  it("is what the README's table of mainline layouts says, release for release", () => {
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Mainline layouts in the catalog'));
    const rows = [...section.matchAll(/^\| `([a-z0-9.-]+)` \| [^|]+ \| ([^|]+) \|$/gm)].map((m) => [m[1], (m[2] as string).trim()]);
    const mainline = catalog.filter((e) => e.lineage === 'mainline');
    expect(rows).toEqual(mainline.map((e) => [e.name, e.kernels.map((k) => k.release).join(', ') || '—']));
  });

  it('is listed, every entry, in docs/catalog.md', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/catalog.md'), 'utf8');
    expect(catalog.filter((e) => !doc.includes(`| \`${e.name}\` |`)).map((e) => e.name)).toEqual([]);
  });

  it('holds the header of every distro package named as evidence', () => {
    const named = catalog.flatMap((e) => e.kernels).flatMap((k) => [...k.evidence.matchAll(/Debian package (\S+) (\S+?)[ :(]/g)]);
    expect(named.length).toBeGreaterThan(0);
    for (const [, name, version] of named) {
      expect(existsSync(join(evidenceDir, `${name}_${version}`, 'vmcs12.h'))).toBe(true);
    }
  });
});
