import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

// Debian's kvm-intel.ko and its vmlinux BTF, as scripts/extract-debian-kvm-intel.mjs left them
// in test/fixtures/btf/debian (package and version in its manifest.json).
// Found from here whether this runs from test/ (jest) or dist/test/ (a compiled bench).
export const DEBIAN_FIXTURES = join(packageRoot(__dirname), 'test', 'fixtures', 'btf', 'debian');

function packageRoot(from: string): string {
  for (let dir = from; dirname(dir) !== dir; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'test', 'fixtures'))) {
      return dir;
    }
  }
  throw new Error(`no package root with test/fixtures above ${from}`);
}

export interface DebianManifest {
  package: string;
  version: string;
  module: { sha256: string; btfSha256: string };
  base: { btfSha256: string; btfBytes: number };
}

export function debianManifest(): DebianManifest {
  return JSON.parse(readFileSync(join(DEBIAN_FIXTURES, 'manifest.json'), 'utf8')) as DebianManifest;
}

export function debianModule(): Buffer {
  return readFileSync(join(DEBIAN_FIXTURES, 'kvm-intel.min.ko'));
}

let base: Buffer | undefined;
export function debianBase(): Buffer {
  base ??= brotliDecompressSync(readFileSync(join(DEBIAN_FIXTURES, 'vmlinux.btf.br')));
  return base;
}
