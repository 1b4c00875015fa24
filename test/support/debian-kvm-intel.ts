import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';

// Debian's kvm-intel.ko and its vmlinux BTF, as scripts/extract-debian-kvm-intel.mjs left them
// in test/fixtures/btf/debian (package and version in its manifest.json).
export const DEBIAN_FIXTURES = join(__dirname, '..', 'fixtures', 'btf', 'debian');

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
