import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadCatalog, type CatalogEntry } from '../../src/core/catalog/catalog';
import { convertBlob } from '../../src/core/conversion/convert-blob';
import { buildPlan } from '../../src/core/conversion/plan';
import { ROOT, ensureCliBuilt, runCli, type CliRun } from '../fixtures/cli/cli-process';
import { catalogHeader, edit, lineOf, writeAll } from '../fixtures/cli/headers';
import { startTestApp, type TestApp } from '../support/test-app';

// The built CLI as a kernel CI job runs it: exit codes, file:line:col findings, github
// annotations, pahole-like tables, conversions equal to the core's, C that compiles, and the
// same answers against a running service (--server).

const LATEST = catalogHeader('linux-tsc-multiplier');
// guest_bndcfgs moved below tsc_multiplier, VMCS12_REVISION left alone
const MOVED = edit(edit(LATEST, '\tu64 guest_bndcfgs;\n', ''), '\tu64 tsc_multiplier;\n', '\tu64 tsc_multiplier;\n\tu64 guest_bndcfgs;\n');
// the u64 of padding after tsc_multiplier becomes a field, as new controls are added
const ADDED = edit(LATEST, '\tu64 padding64;\n', '\tu64 vmcs12_new_control;\n');
const BROKEN = edit(LATEST, '\tu64 io_bitmap_b;\n', '\tu65 io_bitmap_b;\n');
const WITHOUT_PML = edit(LATEST, '\tu64 pml_address;\n', '\tu64 padding_pml;\n');
const HOLE = `struct __packed vmcs12 {
\tu32 revision_id;
\tu32 abort;
\tstruct {
\t\tu16 exit_tag;
\t\tu64 exit_stamp;
\t};
\tu64 padding64[2];
};
#define VMCS12_REVISION 0x00c0ffee
`;

const MOVED_LINE = lineOf(MOVED, '\tu64 guest_bndcfgs;');
const ADDED_LINE = lineOf(ADDED, '\tu64 vmcs12_new_control;');
const BROKEN_LINE = lineOf(BROKEN, '\tu65 io_bitmap_b;');
const PML_LINE = lineOf(LATEST, '\tu64 pml_address;');

let dir: string;
const cli = (args: string[], stdin?: Buffer, env?: Record<string, string>): Promise<CliRun> => runCli(args, { cwd: dir, stdin, env });

beforeAll(() => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'vmcs12-cli-'));
  writeAll(dir, { 'latest.h': LATEST, 'moved.h': MOVED, 'added.h': ADDED, 'broken.h': BROKEN, 'without-pml.h': WITHOUT_PML, 'hole.h': HOLE });
  copyFileSync(join(ROOT, 'catalog/layouts/rfc-2017-pre-evmcs.h'), join(dir, 'rfc-2017-pre-evmcs.h'));
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vmcs12-registry --help', () => {
  it('lists every command and exits 0', async () => {
    const run = await cli(['--help']);
    expect(run.code).toBe(0);
    for (const command of ['check', 'show', 'list', 'convert', 'converter', 'register', 'identify', 'kernel']) {
      expect(run.stdout).toContain(`  ${command} `);
    }
  });

  it.each(['check', 'show', 'list', 'convert', 'converter', 'register', 'identify', 'kernel'])('documents %s and its exit codes', async (command) => {
    const run = await cli([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: vmcs12-registry ${command}`);
    expect(run.stdout).toContain('Exit codes:');
  });

  it('marks linux-tsc-multiplier as "latest" in the catalog listing', async () => {
    const run = await cli(['list']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\* linux-tsc-multiplier /m);
    expect(run.stdout.match(/^\*/gm)).toHaveLength(1);
  });
});

describe('check: accepted changes exit 0', () => {
  it('finds nothing between latest and its own header', async () => {
    const run = await cli(['check', 'latest.h']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('against linux-tsc-multiplier (built-in catalog)');
    expect(run.stdout).toContain('linux-tsc-multiplier -> latest.h: identical, in place');
    expect(run.stdout).toContain('policy mode none, sameRevision in-place: accepted');
  });

  it('accepts a catalog header checked against its own name', async () => {
    const run = await cli(['check', 'rfc-2017-pre-evmcs.h', '--against', 'rfc-2017-pre-evmcs']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('identical');
  });

  it('accepts a field appended in padding, reports it as added, and says the way back loses it', async () => {
    const run = await cli(['check', 'added.h']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `added.h:${ADDED_LINE}:6: info FIELD_ADDED vmcs12_new_control: vmcs12_new_control (u64 at 336) is new in added.h [offset 336]`,
    );
    expect(run.stdout).toContain('converter linux-tsc-multiplier -> added.h: lossless');
    expect(run.stdout).toContain('converter added.h -> linux-tsc-multiplier: lossy, loses vmcs12_new_control');
  });

  it('accepts the appended field under --mode backward', async () => {
    expect((await cli(['check', 'added.h', '--mode', 'backward'])).code).toBe(0);
  });

  it('accepts a reorder that comes with a new revision id', async () => {
    const run = await cli(['check', 'moved.h', '--revision', '0x11e57ed7']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`moved.h:${MOVED_LINE}:6: warning FIELD_MOVED guest_bndcfgs: guest_bndcfgs moves from 248 to 328`);
    expect(run.stdout).not.toContain('REVISION_CONFLICT');
  });
});

describe('check: refused changes exit 1', () => {
  it('refuses a field moved without a revision bump, on the line of the moved field', async () => {
    const run = await cli(['check', 'moved.h']);
    expect(run.code).toBe(1);
    expect(MOVED_LINE).toBe(47);
    expect(run.stdout.split('\n')).toContain(
      'moved.h:47:6: error REVISION_CONFLICT guest_bndcfgs: guest_bndcfgs changed place or shape under the same revision id ' +
        '[offset 248 -> 328; encoding 0x00002812; refused by sameRevision against linux-tsc-multiplier]',
    );
    expect(run.stdout).toContain('REVISION CONFLICT');
    expect(run.stdout).toMatch(/policy mode none, sameRevision in-place: refused \(\d+ findings\)/);
  });

  it('refuses the appended field under --mode forward: the way back to the reference loses it', async () => {
    const run = await cli(['check', 'added.h', '--mode', 'forward']);
    expect(run.code).toBe(1);
    // Its bytes are padding64 in the reference: the value is lost, the bytes are reserved there.
    expect(run.stdout).toContain(
      `added.h:${ADDED_LINE}:6: error FIELD_RETIRED vmcs12_new_control: vmcs12_new_control (u64 at 336) is retired: its bytes are reserved in linux-tsc-multiplier`,
    );
  });

  it('points a removed field at its line in the reference file', async () => {
    const run = await cli(['check', 'without-pml.h', '--against', 'latest.h', '--mode', 'backward']);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`latest.h:${PML_LINE}:6: error FIELD_RETIRED pml_address: pml_address (u64 at 312) is retired: its bytes are reserved in without-pml.h`);
    expect(run.stdout).toContain('refused by backward against latest.h');
  });

  it('prints github annotations with file, line and column for every refusing finding', async () => {
    const run = await cli(['check', 'moved.h', '--format', 'github']);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(
      `::error file=moved.h,line=${MOVED_LINE},col=6,title=REVISION_CONFLICT guest_bndcfgs::guest_bndcfgs changed place or shape under the same revision id ` +
        '[offset 248 -> 328; encoding 0x00002812; refused by sameRevision against linux-tsc-multiplier]',
    );
    expect(lines).toContain(
      `::warning file=moved.h,line=${MOVED_LINE},col=6,title=FIELD_MOVED guest_bndcfgs::guest_bndcfgs moves from 248 to 328 [offset 248 -> 328; encoding 0x00002812]`,
    );
    const errors = lines.filter((l) => l.startsWith('::error '));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((l) => /^::error file=moved\.h,line=\d+,col=\d+,title=REVISION_CONFLICT /.test(l))).toBe(true);
  });

  it('prints the whole report as JSON', async () => {
    const run = await cli(['check', 'moved.h', '--format', 'json']);
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as {
      accepted: boolean;
      exitCode: number;
      revisionConflict: boolean;
      findings: { rule: string; field: string; line?: number; file?: string; level: string }[];
      converters: { from: string; to: string; lossy: boolean }[];
    };
    expect(body).toMatchObject({ accepted: false, exitCode: 1, revisionConflict: true });
    expect(body.findings).toContainEqual(expect.objectContaining({ rule: 'REVISION_CONFLICT', field: 'guest_bndcfgs', line: MOVED_LINE, column: 6, file: 'moved.h', level: 'error' }));
    expect(body.converters.map((c) => [c.from, c.to, c.lossy])).toEqual([
      ['linux-tsc-multiplier', 'moved.h', false],
      ['moved.h', 'linux-tsc-multiplier', false],
    ]);
  });
});

describe('check: errors exit 2', () => {
  it('reports a parse error as file:line:col', async () => {
    const run = await cli(['check', 'broken.h']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`vmcs12-registry: broken.h:${BROKEN_LINE}:2: parse error: unknown type "u65" (expected u8, u16, u32, u64 or natural_width)\n`);
    expect(run.stdout).toBe('');
  });

  it('annotates a parse error in github format', async () => {
    const run = await cli(['check', 'broken.h', '--format', 'github']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe(`::error file=broken.h,line=${BROKEN_LINE},col=2,title=vmcs12-registry::parse error: unknown type "u65" (expected u8, u16, u32, u64 or natural_width)\n`);
  });

  it.each([
    [['check', 'missing.h'], 'cannot read missing.h: no such file'],
    [['check', 'latest.h', '--against', 'linux-v9.99'], 'no layout "linux-v9.99" in the built-in catalog'],
    [['check', 'latest.h', '--mode', 'sideways'], '--mode must be one of none, backward, forward, full'],
    [['check', 'latest.h', '--format', 'xml'], '--format must be one of text, json, github'],
    [['check'], 'missing the file to check'],
    [['check', 'latest.h', '--bogus'], "Unknown option '--bogus'"],
    [['frobnicate'], 'unknown command "frobnicate"'],
  ])('%j exits 2', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
  });
});

describe('show', () => {
  it('prints holes, padding, used and free bytes like pahole', async () => {
    const run = await cli(['show', 'hole.h']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^offset +size +type +name +role$/);
    expect(lines).toContainEqual(expect.stringMatching(/^ +8 +2 +u16 +exit_tag +data$/));
    expect(lines).toContain('    10      6  /* XXX 6 bytes hole */');
    expect(lines).toContainEqual(expect.stringMatching(/^ +16 +8 +u64 +exit_stamp +data$/));
    expect(lines).toContainEqual(expect.stringMatching(/^ +24 +16 +u64\[2\] +padding64 +padding$/));
    expect(run.stdout).toContain('/* used: 40 bytes: header 4, data 14, padding 16, holes 6 (1 hole); views overlay 0 */');
    expect(run.stdout).toContain('/* free: 4056 bytes to the 4096-byte blob size */');
  });

  it('shows a catalog layout by name with its padding rows and the bitfields of its header', async () => {
    const run = await cli(['show', 'linux-v4.19-hdr']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^ +0 +4 +u32 +hdr +header \{revision_id:31, shadow_vmcs:1\}$/m);
    expect(run.stdout).toMatch(/^ +12 +28 +u32\[7\] +padding +padding$/m);
    expect(run.stdout).toContain('/* free: 3098 bytes to the 4096-byte blob size */');
  });
});

describe('convert and converter', () => {
  const catalog = new Map<string, CatalogEntry>(loadCatalog().map((e) => [e.name, e]));
  const side = (name: string): CatalogEntry => catalog.get(name) as CatalogEntry;
  const blob = Buffer.alloc(4096);
  for (let i = 0; i < blob.length; i++) {
    blob[i] = (i * 7 + 3) & 0xff;
  }
  blob.writeUInt32LE((0x11e57ed0 | 0x8000_0000) >>> 0, 0); // linux-v4.14's revision, shadow bit set

  it('round-trips a blob through stdin and stdout exactly as the core converts it', async () => {
    const there = await cli(['convert', '--from', 'linux-v4.14', '--to', 'latest'], blob);
    expect(there.code).toBe(0);
    const expected = convertBlob(buildPlan(side('linux-v4.14'), side('linux-tsc-multiplier')), blob);
    expect(there.stdoutBytes.equals(Buffer.from(expected.output))).toBe(true);
    expect(there.stderr).toContain('linux-v4.14 -> linux-tsc-multiplier lost 4 values: cr3_target_value0 (absent)');

    const back = await cli(['convert', '--from', 'linux-tsc-multiplier', '--to', 'linux-v4.14'], there.stdoutBytes);
    expect(back.code).toBe(0);
    const expectedBack = convertBlob(buildPlan(side('linux-tsc-multiplier'), side('linux-v4.14')), expected.output);
    expect(back.stdoutBytes.equals(Buffer.from(expectedBack.output))).toBe(true);
  });

  it('converts between header files too', async () => {
    const run = await cli(['convert', '--from', 'linux-v4.14', '--to', 'added.h'], blob);
    expect(run.code).toBe(0);
    expect(run.stdoutBytes).toHaveLength(4096);
  });

  it('exits 1 and writes nothing when --strict meets a loss', async () => {
    const run = await cli(['convert', '--from', 'linux-v4.14', '--to', 'linux-tsc-multiplier', '--strict'], blob);
    expect(run.code).toBe(1);
    expect(run.stdoutBytes).toHaveLength(0);
    expect(run.stderr).toContain('--strict: linux-v4.14 -> linux-tsc-multiplier would lose 4 values');
  });

  it('exits 2 with the byte offset on a blob of the wrong size', async () => {
    const run = await cli(['convert', '--from', 'linux-v4.14', '--to', 'latest'], blob.subarray(0, 100));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('vmcs12-registry: invalid input blob at byte offset 100: blob is 100 bytes, the source layout needs 4096\n');
  });

  it('exits 2 with the byte offset on a blob of another revision', async () => {
    const run = await cli(['convert', '--from', 'hyperv-evmcs-v1', '--to', 'latest'], blob);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('invalid input blob at byte offset 0: header revision does not match the source layout (expected 0x00000001, got 0x11e57ed0)');
  });

  it('prints a converter that compiles with cc -std=c99 -Wall -Werror -c', async () => {
    const run = await cli(['converter', '--from', 'linux-v4.14', '--to', 'moved.h']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('int vmcs12_convert(void *dst, const void *src)');
    writeAll(dir, { 'convert.c': run.stdout });
    execFileSync('cc', ['-std=c99', '-Wall', '-Werror', '-c', 'convert.c', '-o', 'convert.o'], { cwd: dir, stdio: 'pipe' });
  });
});

describe('against a running service (--server)', () => {
  const TOKEN = 'cli-e2e-writer';
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { WRITE_TOKENS: TOKEN } });
  });
  afterAll(() => t.close());

  it('exits 1 with the service message when no token is given', async () => {
    const run = await cli(['register', 'added.h', '--name', 'cli-added', '--server', t.url, '--revision', '0x11e5a001']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('POST /layouts: 401 unauthorized: a bearer token with the writer role is required');
  });

  it('registers with --token, then answers the same content from $VMCS12_TOKEN with nothing changed', async () => {
    const first = await cli(['register', 'added.h', '--name', 'cli-added', '--server', t.url, '--revision', '0x11e5a001', '--lineage', 'cli-tests', '--token', TOKEN]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`registered cli-added on ${t.url}`);
    const again = await cli(['register', 'added.h', '--name', 'cli-added', '--server', t.url, '--revision', '0x11e5a001', '--lineage', 'cli-tests'], undefined, {
      VMCS12_TOKEN: TOKEN,
    });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already registered');
  });

  it('exits 1 with the policy findings when the service refuses a reorder', async () => {
    const run = await cli(['register', 'moved.h', '--name', 'cli-moved', '--server', t.url, '--token', TOKEN]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('POST /layouts: 409 policy_violation: layout cli-moved breaks the registration policy');
    expect(run.stderr).toMatch(/REVISION_CONFLICT guest_bndcfgs \(line 47, column 6\)/);
  });

  it('refuses an unparsable file locally with exit 2 and file:line:col', async () => {
    const run = await cli(['register', 'broken.h', '--name', 'cli-broken', '--server', t.url, '--token', TOKEN]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`broken.h:${BROKEN_LINE}:2: parse error`);
  });

  it('checks against a layout fetched from the service, with the same findings as offline', async () => {
    const online = await cli(['check', 'moved.h', '--against', 'linux-tsc-multiplier', '--server', t.url]);
    const offline = await cli(['check', 'moved.h', '--against', 'linux-tsc-multiplier']);
    expect(online.code).toBe(1);
    const findings = (run: CliRun): string[] => run.stdout.split('\n').filter((l) => l.startsWith('moved.h:'));
    expect(findings(online)).toEqual(findings(offline));
    expect(online.stdout).toContain(`against linux-tsc-multiplier (${t.url})`);
  });

  it('judges against the head of the lineage on the service: a lineage of its own, or mainline', async () => {
    const run = await cli(['check', 'added.h', '--revision', '0x11e5a001', '--lineage', 'cli-tests', '--server', t.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`against cli-added (${t.url})`);
    expect(run.stdout).toContain('cli-added -> added.h: identical, in place');
    const mainline = await cli(['check', 'moved.h', '--server', t.url]);
    expect(mainline.code).toBe(1);
    expect(mainline.stdout).toContain(`in lineage mainline against linux-tsc-multiplier (${t.url})`);
  });

  it('means by "latest" on a service what it means offline: the newest mainline layout, not the last registered', async () => {
    const online = await cli(['show', 'latest', '--server', t.url]);
    const offline = await cli(['show', 'linux-tsc-multiplier']);
    expect(online.code).toBe(0);
    expect(online.stdout.split('\n').slice(1)).toEqual(offline.stdout.split('\n').slice(1));
    const list = await cli(['list', '--server', t.url]);
    expect(list.stdout.split('\n').filter((l) => l.startsWith('*'))).toEqual([expect.stringMatching(/^\* linux-tsc-multiplier /)]);
  });

  it('shows a layout fetched from the service as the catalog shows it', async () => {
    const online = await cli(['show', 'linux-v4.14', '--server', t.url]);
    const offline = await cli(['show', 'linux-v4.14']);
    expect(online.code).toBe(0);
    expect(online.stdout.split('\n').slice(1)).toEqual(offline.stdout.split('\n').slice(1));
  });

  it('exits 2 when the service cannot be reached', async () => {
    const run = await cli(['show', 'linux-v4.14', '--server', 'http://127.0.0.1:9']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot reach http://127.0.0.1:9');
  });
});
