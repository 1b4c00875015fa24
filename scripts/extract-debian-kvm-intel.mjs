#!/usr/bin/env node
// Extracts from a Debian kernel image package what test/fixtures/btf/debian needs, so that the
// real-module test runs on a clean clone without the 27 MB package:
//   kvm-intel.min.ko   kvm-intel.ko reduced to the sections the import reads (.note.gnu.build-id,
//                      .rodata and .rela.rodata, .modinfo, .BTF, .symtab, .strtab): section
//                      contents byte for byte, symbols of dropped sections made undefined
//   vmlinux.btf.br     the kernel's whole .BTF (the module's base), brotli-compressed; taken
//                      from the package's own vmlinuz (decompressed), since /sys/kernel/btf/vmlinux
//                      on this machine is another kernel and the -dbg package is ~1 GB
//   manifest.json      package, version, sha256 of the .deb and of every piece, tool versions
// Usage: scripts/extract-debian-kvm-intel.mjs [PACKAGE=VERSION | path/to/package.deb]
// Needs apt-get (to download), dpkg-deb, objcopy, and lz4/xz/zstd/gzip for the vmlinuz payload.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const DEFAULT_PACKAGE = 'linux-image-6.1.0-57-cloud-amd64-unsigned=6.1.192-3';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'btf', 'debian');
const KEEP = ['.note.gnu.build-id', '.rodata', '.rela.rodata', '.modinfo', '.BTF', '.symtab', '.strtab'];
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { maxBuffer: 1 << 30, ...opts });

const work = mkdtempSync(join(tmpdir(), 'kvm-intel-'));
try {
  const arg = process.argv[2] ?? DEFAULT_PACKAGE;
  let deb = arg;
  if (!arg.endsWith('.deb')) {
    run('apt-get', ['download', arg], { cwd: work, stdio: 'inherit' });
    deb = join(work, readdirSync(work).find((f) => f.endsWith('.deb')));
  }
  const pkg = run('dpkg-deb', ['--show', '--showformat=${Package}\t${Version}', deb]).toString().split('\t');
  run('dpkg-deb', ['-x', deb, join(work, 'root')]);
  const find = (pattern) => run('find', [join(work, 'root'), '-name', pattern]).toString().trim().split('\n').filter(Boolean)[0];
  const ko = find('kvm-intel.ko');
  const vmlinuz = find('vmlinuz-*');
  if (!ko || !vmlinuz) {
    throw new Error(`${basename(deb)} holds no kvm-intel.ko (uncompressed) or vmlinuz`);
  }
  const module = readFileSync(ko);
  const minimal = minimalElf(module, KEEP);
  const vmlinux = decompressKernel(readFileSync(vmlinuz), work);
  writeFileSync(join(work, 'vmlinux'), vmlinux);
  run('objcopy', ['--dump-section', `.BTF=${join(work, 'vmlinux.btf')}`, join(work, 'vmlinux'), join(work, 'discard')]);
  const base = readFileSync(join(work, 'vmlinux.btf'));
  const packed = brotliCompressSync(base, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: base.length },
  });
  writeFileSync(join(OUT, 'kvm-intel.min.ko'), minimal);
  writeFileSync(join(OUT, 'vmlinux.btf.br'), packed);
  const manifest = {
    package: pkg[0],
    version: pkg[1],
    deb: { file: basename(deb), sha256: sha256(readFileSync(deb)) },
    module: { path: ko.slice(join(work, 'root').length), sha256: sha256(module), btfSha256: sha256(sectionBytes(module, '.BTF')) },
    base: { from: vmlinuz.slice(join(work, 'root').length), btfSha256: sha256(base), btfBytes: base.length },
    files: { 'kvm-intel.min.ko': sha256(minimal), 'vmlinux.btf.br': sha256(packed) },
    tools: { objcopy: run('objcopy', ['--version']).toString().split('\n')[0], node: process.version },
  };
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`${pkg.join(' ')}: wrote ${OUT}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The compressed payload of a bzImage, found by its magic and decompressed with the CLI tool.
function decompressKernel(image, dir) {
  const formats = [
    { magic: [0x02, 0x21, 0x4c, 0x18], cmd: ['lz4', '-dc'] },
    { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], cmd: ['xz', '-dc'] },
    { magic: [0x28, 0xb5, 0x2f, 0xfd], cmd: ['zstd', '-dc'] },
    { magic: [0x1f, 0x8b, 0x08], cmd: ['gzip', '-dc'] },
  ];
  for (const f of formats) {
    for (let at = image.indexOf(Buffer.from(f.magic)); at >= 0; at = image.indexOf(Buffer.from(f.magic), at + 1)) {
      const payload = join(dir, 'payload');
      writeFileSync(payload, image.subarray(at));
      let out;
      try {
        out = run('sh', ['-c', `${f.cmd.join(' ')} < '${payload}' 2>/dev/null; true`]);
      } catch {
        continue;
      }
      if (out.length > 4 && out[0] === 0x7f && out.toString('latin1', 1, 4) === 'ELF') {
        return out;
      }
    }
  }
  throw new Error('no compressed vmlinux found in the image');
}

function sections(elf) {
  const shoff = Number(elf.readBigUInt64LE(0x28));
  const count = elf.readUInt16LE(0x3c);
  const strndx = elf.readUInt16LE(0x3e);
  const raw = [];
  for (let i = 0; i < count; i++) {
    const at = shoff + i * 64;
    raw.push({
      index: i,
      nameOff: elf.readUInt32LE(at),
      type: elf.readUInt32LE(at + 4),
      flags: elf.readBigUInt64LE(at + 8),
      offset: Number(elf.readBigUInt64LE(at + 24)),
      size: Number(elf.readBigUInt64LE(at + 32)),
      link: elf.readUInt32LE(at + 40),
      info: elf.readUInt32LE(at + 44),
      align: elf.readBigUInt64LE(at + 48),
      entsize: elf.readBigUInt64LE(at + 56),
    });
  }
  const names = raw[strndx];
  for (const s of raw) {
    const start = names.offset + s.nameOff;
    s.name = elf.toString('latin1', start, elf.indexOf(0, start));
  }
  return raw;
}

function sectionBytes(elf, name) {
  const s = sections(elf).find((x) => x.name === name);
  return elf.subarray(s.offset, s.offset + s.size);
}

// A relocatable ELF holding only `keep` (contents unchanged) and a new section name table.
function minimalElf(elf, keep) {
  const all = sections(elf);
  const kept = [all[0], ...all.filter((s) => keep.includes(s.name))];
  const newIndex = new Map(kept.map((s, i) => [s.index, i]));
  const shstrtab = [Buffer.from([0])];
  let shstrLen = 1;
  const nameOff = new Map();
  for (const s of [...kept.slice(1), { name: '.shstrtab' }]) {
    nameOff.set(s.name, shstrLen);
    shstrtab.push(Buffer.from(`${s.name}\0`, 'latin1'));
    shstrLen += s.name.length + 1;
  }
  const chunks = [Buffer.from(elf.subarray(0, 64))];
  let pos = 64;
  const placed = [];
  const place = (bytes, align) => {
    const pad = (align - (pos % align)) % align;
    chunks.push(Buffer.alloc(pad));
    pos += pad;
    const at = pos;
    chunks.push(bytes);
    pos += bytes.length;
    return at;
  };
  for (const s of kept.slice(1)) {
    let bytes = Buffer.from(elf.subarray(s.offset, s.offset + s.size));
    if (s.name === '.symtab') {
      for (let at = 0; at + 24 <= bytes.length; at += 24) {
        const shndx = bytes.readUInt16LE(at + 6);
        if (shndx !== 0 && shndx < 0xff00) {
          bytes.writeUInt16LE(newIndex.get(shndx) ?? 0, at + 6);
        }
      }
    }
    placed.push({ s, at: place(bytes, Math.max(1, Number(s.align))) });
  }
  const shstrAt = place(Buffer.concat(shstrtab), 1);
  const shoff = place(Buffer.alloc(0), 8);
  const headers = [];
  const header = (name, type, flags, offset, size, link, info, align, entsize) => {
    const h = Buffer.alloc(64);
    h.writeUInt32LE(name, 0);
    h.writeUInt32LE(type, 4);
    h.writeBigUInt64LE(flags, 8);
    h.writeBigUInt64LE(BigInt(offset), 24);
    h.writeBigUInt64LE(BigInt(size), 32);
    h.writeUInt32LE(link, 40);
    h.writeUInt32LE(info, 44);
    h.writeBigUInt64LE(align, 48);
    h.writeBigUInt64LE(entsize, 56);
    headers.push(h);
  };
  header(0, 0, 0n, 0, 0, 0, 0, 0n, 0n);
  for (const { s, at } of placed) {
    const link = s.link ? (newIndex.get(s.link) ?? 0) : 0;
    const info = s.type === 4 ? (newIndex.get(s.info) ?? 0) : s.info; // RELA: the section it applies to
    header(nameOff.get(s.name), s.type, s.flags, at, s.size, link, info, s.align, s.entsize);
  }
  header(nameOff.get('.shstrtab'), 3, 0n, shstrAt, shstrLen, 0, 0, 1n, 0n);
  const out = Buffer.concat([...chunks, ...headers]);
  out.writeBigUInt64LE(BigInt(shoff), 0x28);
  out.writeBigUInt64LE(0n, 0x20); // e_phoff: no program headers
  out.writeUInt16LE(0, 0x38); // e_phnum
  out.writeUInt16LE(headers.length, 0x3c);
  out.writeUInt16LE(headers.length - 1, 0x3e);
  return out;
}
