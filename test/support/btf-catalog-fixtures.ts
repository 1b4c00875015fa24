import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog } from '../../src/core/catalog/catalog';
import type { Layout } from '../../src/core/layouts/layout';
import { layoutToC } from '../../src/core/layouts/to-c';

// Builds the BTF fixtures of test/fixtures/btf/catalog with real tools: every catalog layout
// printed as C (layoutToC), compiled with `gcc -g -c`, its DWARF encoded as BTF by pahole:
//   <name>.o          pahole -J, then objcopy --strip-debug: an ELF object carrying .BTF
//   <name>.split.btf  pahole --btf_base=base.btf --btf_encode_detached: split BTF over base.btf
//   base.btf          the typedefs and struct vmcs_hdr, encoded on their own
// Run: scripts/build-btf-catalog-fixtures.sh (PAHOLE=/path/to/pahole to pick one).

export const CATALOG_FIXTURES = join(__dirname, '..', 'fixtures', 'btf', 'catalog');

// The types every layout's C uses, as layoutToC's standalone prelude declares them (so pahole
// finds them identical in the base), used by a variable so gcc emits them.
function baseC(): string {
  const text = layoutToC(loadCatalog()[0]?.layout as Layout, { standalone: true });
  const prelude = text.slice(0, text.indexOf('#endif') + '#endif'.length);
  return `${prelude}\nstruct base_types { u8 a; u16 b; u32 c; u64 d; natural_width e; struct vmcs_hdr h; };\nstruct base_types base_types_instance;\n`;
}

export interface Tools {
  gcc: string;
  pahole: string;
  objcopy: string;
}

export function toolVersions(tools: Tools): Record<string, string> {
  const first = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' }).split('\n')[0]?.trim() ?? '';
  return { gcc: first(tools.gcc, ['--version']), pahole: first(tools.pahole, ['--version']), objcopy: first(tools.objcopy, ['--version']) };
}

// Writes every fixture into outDir and returns name -> sha256 of each file written.
export function buildCatalogFixtures(outDir: string, tools: Tools): Record<string, string> {
  const work = mkdtempSync(join(tmpdir(), 'btf-fixtures-'));
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  const hashes: Record<string, string> = {};
  const keep = (from: string, name: string) => {
    copyFileSync(join(work, from), join(outDir, name));
    chmodSync(join(outDir, name), 0o644);
    hashes[name] = createHash('sha256').update(readFileSync(join(outDir, name))).digest('hex');
  };
  try {
    mkdirSync(outDir, { recursive: true });
    // fixed file names: the object's STT_FILE symbol holds the source's name
    writeFileSync(join(work, 'base.c'), baseC());
    run(tools.gcc, ['-g', '-c', 'base.c', '-o', 'base.o']);
    run(tools.pahole, ['--btf_encode_detached=base.btf', 'base.o']);
    keep('base.btf', 'base.btf');
    for (const entry of loadCatalog()) {
      writeFileSync(join(work, 'layout.c'), `${layoutToC(entry.layout, { standalone: true })}\nstruct vmcs12 vmcs12_instance;\n`);
      run(tools.gcc, ['-g', '-c', 'layout.c', '-o', 'layout.o']);
      rmSync(join(work, 'layout.split.btf'), { force: true }); // pahole 1.24 does not truncate it
      run(tools.pahole, ['--btf_base=base.btf', '--btf_encode_detached=layout.split.btf', 'layout.o']);
      keep('layout.split.btf', `${entry.name}.split.btf`);
      run(tools.pahole, ['-J', 'layout.o']);
      run(tools.objcopy, ['--strip-debug', 'layout.o', 'layout.stripped.o']);
      keep('layout.stripped.o', `${entry.name}.o`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return hashes;
}

// pahole from $PAHOLE, else from PATH; undefined when neither has one.
export function findTools(): Tools | undefined {
  const pahole = process.env.PAHOLE ?? 'pahole';
  try {
    execFileSync(pahole, ['--version'], { stdio: 'ignore' });
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
    execFileSync('objcopy', ['--version'], { stdio: 'ignore' });
  } catch {
    return undefined;
  }
  return { gcc: 'gcc', pahole, objcopy: 'objcopy' };
}

if (require.main === module) {
  const tools = findTools();
  if (!tools) {
    process.stderr.write('needs gcc, objcopy and pahole (set PAHOLE=/path/to/pahole; Debian: apt-get download pahole && dpkg -x pahole_*.deb DIR)\n');
    process.exit(2);
  }
  const hashes = buildCatalogFixtures(CATALOG_FIXTURES, tools);
  const manifest = { tools: toolVersions(tools), files: hashes };
  writeFileSync(join(CATALOG_FIXTURES, 'manifest.json'), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`wrote ${Object.keys(hashes).length} files to ${CATALOG_FIXTURES}\n`);
}
