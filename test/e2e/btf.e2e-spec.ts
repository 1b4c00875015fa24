import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { loadCatalog } from '../../src/core/catalog/catalog';
import { ensureCliBuilt, runCli, type CliRun } from '../fixtures/cli/cli-process';
import { debianBase, debianModule } from '../support/debian-kvm-intel';
import { startTestApp, type TestApp } from '../support/test-app';

// A compiled kernel's layout through every entry point: POST /layouts and GraphQL
// registerLayout with format "btf", and the CLI's show, check and register on the .ko file.
// Debian bookworm's kvm-intel.ko over its vmlinux BTF is the catalog's linux-tsc-multiplier.

const NEWEST = loadCatalog().find((e) => e.name === 'linux-tsc-multiplier');
const kvmIntel = debianModule();
const base = debianBase();
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const REGISTER = `mutation ($input: RegisterLayoutInput!) {
  registerLayout(input: $input) { created notes layout { name revision fingerprint format kernel } }
}`;

let dir: string;
let t: TestApp;
const cli = (args: string[]): Promise<CliRun> => runCli(args, { cwd: dir });

beforeAll(async () => {
  ensureCliBuilt();
  dir = mkdtempSync(join(tmpdir(), 'vmcs12-btf-'));
  writeFileSync(join(dir, 'kvm-intel.ko'), kvmIntel);
  writeFileSync(join(dir, 'vmlinux.btf'), base);
  writeFileSync(join(dir, 'small.h'), 'struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n};\n#define VMCS12_REVISION 0x00000b7f\n');
  writeFileSync(join(dir, 'kvm-intel.ko.xz'), Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0, 0]));
  t = await startTestApp();
}, 180_000);

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

describe('POST /layouts with format "btf"', () => {
  it('registers the module over its base under the default gate: the newest mainline layout again (sameAs), the kernel from vermagic, the revision noted', async () => {
    const res = await request(t.http).post('/layouts').send({ name: 'debian-6.1.0-57', format: 'btf', module: b64(kvmIntel), base: b64(base) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'debian-6.1.0-57', revision: '0x11e57ed0', fingerprint: NEWEST?.fingerprint, format: 'btf', kernel: '6.1.0-57-cloud-amd64' });
    expect(res.body).toMatchObject({ lineage: 'mainline', sameAs: ['linux-tsc-multiplier'], warnings: [] });
    expect(res.body.notes).toEqual([expect.stringMatching(/BTF does not record VMCS12_REVISION/)]);
    const again = await request(t.http).post('/layouts').send({ name: 'debian-6.1.0-57', module: b64(kvmIntel), base: b64(base), revision: '0x11e57ed0' });
    expect(again.status).toBe(200); // format implied by `module`; the same content again
  });

  it('refuses the module without its base with 400 saying which input and where', async () => {
    const res = await request(t.http).post('/layouts').send({ name: 'no-base', format: 'btf', module: b64(kvmIntel) }).expect(400);
    expect(res.body).toMatchObject({ error: 'invalid_btf', input: 'module', section: '.BTF', offset: expect.any(Number) as number });
    expect(res.body.message).toMatch(/split BTF.*give the BTF it is split over/);
  });

  it('refuses a module that is not base64 with 400 naming the member', async () => {
    const res = await request(t.http).post('/layouts').send({ name: 'bad-b64', format: 'btf', module: 'not base64!' }).expect(400);
    expect(res.body).toMatchObject({ error: 'invalid_input', field: 'module' });
  });

  it('registers through GraphQL registerLayout with the same members', async () => {
    const res = await request(t.http)
      .post('/graphql')
      .send({ query: REGISTER, variables: { input: { name: 'debian-gql', format: 'btf', module: b64(kvmIntel), base: b64(base), revision: '0x11e57ed0' } } })
      .expect(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.registerLayout).toEqual({
      created: true,
      notes: [],
      layout: { name: 'debian-gql', revision: '0x11e57ed0', fingerprint: NEWEST?.fingerprint, format: 'btf', kernel: '6.1.0-57-cloud-amd64' },
    });
  });
});

describe('the CLI on a kernel module', () => {
  it('show prints the table and notes the assumed revision on stderr', async () => {
    const run = await cli(['show', 'kvm-intel.ko', '--btf-base', 'vmlinux.btf', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ fingerprint: NEWEST?.fingerprint });
    expect(run.stderr).toMatch(/^kvm-intel\.ko: note: BTF does not record VMCS12_REVISION/);
  });

  it('check finds it identical to the newest mainline layout', async () => {
    const run = await cli(['check', 'kvm-intel.ko', '--btf-base', 'vmlinux.btf', '--against', 'linux-tsc-multiplier', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ accepted: true });
  });

  it('register sends it to the service', async () => {
    const run = await cli(['register', 'kvm-intel.ko', '--btf-base', 'vmlinux.btf', '--name', 'debian-cli', '--server', t.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`registered debian-cli on ${t.url}`);
    expect(run.stdout).toContain('note: BTF does not record VMCS12_REVISION');
  });

  it('register without --name names the layout after the module\'s kernel release', async () => {
    const run = await cli(['register', 'kvm-intel.ko', '--btf-base', 'vmlinux.btf', '--server', t.url]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`registered kvm-intel-6.1.0-57-cloud-amd64 on ${t.url}`);
    const c = await cli(['register', 'small.h', '--server', t.url]);
    expect(c.code).toBe(2); // a C file names no kernel: --name stays required
    expect(c.stderr).toContain('--name is required');
  });

  it.each([
    [['show', 'kvm-intel.ko'], /^vmcs12-registry: kvm-intel\.ko: error: .*split BTF.*\(module, section \.BTF, byte offset \d+\)/],
    [['show', 'kvm-intel.ko.xz'], /^vmcs12-registry: kvm-intel\.ko\.xz: error: the file is xz-compressed \(a \.ko\.xz\?\): decompress it first/],
    [['check', 'vmlinux.btf'], /^vmcs12-registry: vmlinux\.btf: error: no struct vmcs12 in this BTF/],
    [['show', 'kvm-intel.ko', '--btf-base', 'kvm-intel.ko'], /^vmcs12-registry: kvm-intel\.ko: error: .*\(base, section \.BTF/],
  ])('%j exits 2 saying which and where', async (args, message) => {
    const run = await cli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });
});
