import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ensureCliBuilt, runCli } from '../fixtures/cli/cli-process';
import { catalogHeader, edit } from '../fixtures/cli/headers';
import { startTestApp, type TestApp } from '../support/test-app';

// Issue 14's "done means", on a fresh registry holding the catalog under the default policy:
// the real Debian 6.12 vmcs12.h and the edits a kernel developer makes to it, registered over
// REST, and `check --server` asked first about each on the very same registry: they agree.

// Debian linux-source-6.12 6.12.117-1~deb12u1 (bookworm-security), arch/x86/kvm/vmx/vmcs12.h.
const DEBIAN_612 = readFileSync(join(__dirname, '../fixtures/kernels/debian/linux-source-6.12_6.12.117-1~deb12u1/vmcs12.h'), 'utf8');
const PADDING = '\tu64 padding64[1]; /* room for future expansion */\n';
// One u64 put into padding64, as the comment on struct vmcs12 tells kernel developers to.
const IN_PADDING = edit(DEBIAN_612, PADDING, '\tu64 guest_new_ctl;\n');
// Then a field moved with the revision kept: tsc_multiplier and the new field trade places.
const MOVED = edit(IN_PADDING, '\tu64 tsc_multiplier;\n\tu64 guest_new_ctl;\n', '\tu64 guest_new_ctl;\n\tu64 tsc_multiplier;\n');
// A field appended past the used bytes, as the FRED series do.
const APPENDED = edit(IN_PADDING, '\tu16 guest_pml_index;\n', '\tu16 guest_pml_index;\n\tu64 fred_config;\n');
// The FRED RFC that inserted 128 bytes and moved every later field; one FRED field renamed, so
// that it is not the very layout the catalog holds (which is always accepted, with sameAs).
const FRED_SHIFTED = edit(catalogHeader('fantry-fred-rfc-shifted'), '\tu64 guest_ia32_fred_config;\n', '\tu64 guest_fred_config;\n');

interface Registered {
  status: number;
  body: Record<string, unknown> & {
    lineage?: string;
    sameAs?: string[];
    warnings?: { lineage: string; against: string; field: string; heldBy: string; toOffset: number; fromOffset: number }[];
    findings?: { reference: string; lineage: string; findings: { against: string; rule: string; check: string }[] }[];
    hint?: string;
  };
}

describe('lineages: the registration gate follows the kernel rule (issue 14)', () => {
  let t: TestApp;
  let dir: string;

  beforeAll(async () => {
    ensureCliBuilt();
    t = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-lineages-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await t.close();
  });

  // `check --server` on the registry as it is now, then the registration itself.
  async function checkThenRegister(name: string, source: string, extra: Record<string, unknown> = {}): Promise<Registered & { check: Record<string, unknown>; code: number | null }> {
    const file = `${name}.h`;
    writeFileSync(join(dir, file), source);
    const lineage = typeof extra.lineage === 'string' ? ['--lineage', extra.lineage] : [];
    const run = await runCli(['check', file, '--server', t.url, '--format', 'json', ...lineage], { cwd: dir });
    const res = await request(t.http).post('/layouts').send({ name, format: 'c', source, ...extra });
    const check = JSON.parse(run.stdout) as Record<string, unknown>;
    // One core function decides both: the same verdict, the same layouts compared with.
    expect([name, run.code === 0]).toEqual([name, res.status === 201]);
    expect([name, run.code]).toEqual([name, res.status === 201 ? 0 : 1]);
    if (res.status === 201) {
      expect(check.sameAs).toEqual(res.body.sameAs);
    } else {
      expect(check.references).toEqual((res.body.references as { name: string }[]).map((r) => r.name));
      expect(check.hint).toBe(res.body.hint);
    }
    return { status: res.status, body: res.body as Registered['body'], check, code: run.code };
  }

  const head = async (lineage: string): Promise<string> => ((await request(t.http).get(`/lineages/${lineage}`).expect(200)).body as { latest: string }).latest;

  it('declares dead_space reserved from the catalog: 4.19 → the newest mainline retires exactly cr3_target_value0..3, no conflict', async () => {
    const reserved = (await request(t.http).get('/reserved').expect(200)).body as { name: string }[];
    expect(reserved.map((r) => r.name)).toEqual(['dead_space']);
    const report = (await request(t.http).get('/compat/linux-v4.19-hdr/linux-tsc-multiplier').expect(200)).body as {
      revisionConflict: boolean;
      retired: { name: string }[];
      findings: { rule: string; field: string }[];
    };
    expect(report.revisionConflict).toBe(false);
    expect(report.retired.map((f) => f.name)).toEqual(['cr3_target_value0', 'cr3_target_value1', 'cr3_target_value2', 'cr3_target_value3']);
    expect(report.findings.filter((f) => f.rule === 'FIELD_RETIRED').map((f) => f.field)).toEqual(report.retired.map((f) => f.name));
  });

  it('registers the real Debian 6.12 header under a new name: 201 with sameAs', async () => {
    const r = await checkThenRegister('debian-6.12.117', DEBIAN_612);
    expect(r.status).toBe(201);
    expect(r.body.lineage).toBe('mainline');
    expect(r.body.sameAs).toEqual(['linux-tsc-multiplier']);
    expect(await head('mainline')).toBe('debian-6.12.117');
  });

  it('accepts a u64 in padding64 in mainline, warning about every other lineage whose head has another field at 336', async () => {
    // What the other lineages hold at 336, read from the registry itself.
    const lineages = (await request(t.http).get('/lineages').expect(200)).body as { name: string; latest: string }[];
    const expected: string[] = [];
    for (const l of lineages.filter((x) => x.name !== 'mainline')) {
      const layout = (await request(t.http).get(`/layouts/${l.latest}`).expect(200)).body as {
        revision: string;
        fields: { name: string; offset: number; size: number; role: string }[];
      };
      const at336 = layout.fields.find((f) => f.role === 'data' && f.offset <= 336 && 336 < f.offset + f.size);
      if (layout.revision === '0x11e57ed0' && at336 && at336.name !== 'guest_new_ctl') {
        expected.push(`${l.name}:${at336.name}`);
      }
    }
    expect(expected.length).toBeGreaterThanOrEqual(3);
    const r = await checkThenRegister('debian-6.12-new-ctl', IN_PADDING);
    expect(r.status).toBe(201);
    expect(r.body.lineage).toBe('mainline');
    expect(r.body.warnings?.map((w) => `${w.lineage}:${w.heldBy}`).sort()).toEqual(expected.sort());
    expect(r.body.warnings?.every((w) => w.field === 'guest_new_ctl' && w.toOffset === 336 && w.fromOffset === 336)).toBe(true);
    const checkWarnings = (r.check.findings as { level: string; lineage?: string }[]).filter((f) => f.level === 'warning' && f.lineage !== undefined);
    expect(checkWarnings.map((w) => w.lineage).sort()).toEqual(expected.map((e) => e.split(':')[0]).sort());
  });

  it('refuses one field moved under the kept revision: 409, findings only against the mainline head, with a hint', async () => {
    const mainlineHead = await head('mainline');
    const r = await checkThenRegister('debian-6.12-moved', MOVED);
    expect(r.status).toBe(409);
    expect(r.body.findings?.map((g) => g.reference)).toEqual([mainlineHead]);
    expect(r.body.findings?.[0]?.findings.every((f) => f.against === mainlineHead && f.check === 'sameRevision')).toBe(true);
    expect(r.body.findings?.[0]?.findings.map((f) => f.rule)).toContain('REVISION_CONFLICT');
    expect(r.body.hint).toMatch(/reserved bytes .*past the used bytes/);
    expect(await head('mainline')).toBe(mainlineHead);
  });

  it('accepts a field appended past the used bytes', async () => {
    const r = await checkThenRegister('debian-6.12-appended', APPENDED);
    expect(r.status).toBe(201);
    expect(r.body.lineage).toBe('mainline');
  });

  it('refuses the FRED RFC that shifts mainline fields, in a new lineage branching from mainline', async () => {
    const mainlineHead = await head('mainline');
    const r = await checkThenRegister('fred-rfc-again', FRED_SHIFTED, { lineage: 'fred-rfc-again' });
    expect(r.status).toBe(409);
    expect(r.body.findings?.map((g) => g.reference)).toEqual([mainlineHead]);
    await request(t.http).get('/lineages/fred-rfc-again').expect(404);
  });

  it('with sameRevision "in-place-all" behaves as before lineages: every layout with the revision id, in every lineage', async () => {
    await request(t.http).put('/policy').send({ mode: 'none', transitive: false, sameRevision: 'in-place-all' }).expect(200);
    try {
      const fred = await checkThenRegister('fred-rfc-all', FRED_SHIFTED, { lineage: 'fred-rfc-all' });
      expect(fred.status).toBe(409);
      const against = new Set(fred.body.findings?.map((g) => g.lineage));
      expect([...against]).toEqual(expect.arrayContaining(['mainline', 'guest-lbr-ctl', 'xinli-fred']));
      expect(fred.body.findings?.map((g) => g.reference)).toEqual(expect.arrayContaining(['linux-v3.1', 'linux-v4.14', 'linux-tsc-multiplier']));
      // The padding64 edit on a fresh name: refused as the issue found it, against 3.x and 4.x layouts too.
      const padded = await checkThenRegister('debian-6.12-new-ctl-all', edit(DEBIAN_612, PADDING, '\tu64 guest_other_ctl;\n'));
      expect(padded.status).toBe(409);
      expect(padded.body.findings?.map((g) => g.reference)).toEqual(expect.arrayContaining(['linux-v3.1', 'linux-v4.14', 'ammarfaizi2-guest-lbr-ctl']));
      // The same fingerprint is still accepted under another name.
      const same = await checkThenRegister('debian-6.12-again', DEBIAN_612);
      expect(same.status).toBe(201);
      expect(same.body.sameAs).toEqual(['linux-tsc-multiplier', 'debian-6.12.117']);
    } finally {
      await request(t.http).put('/policy').send({ mode: 'none', transitive: false, sameRevision: 'in-place' }).expect(200);
    }
  });

  it('overrides the policy per lineage, as events, over REST and GraphQL', async () => {
    await request(t.http).get('/lineages/mainline/policy').expect(200, 'null');
    const set = await request(t.http).put('/lineages/mainline/policy').send({ mode: 'backward', transitive: true, sameRevision: 'in-place' }).expect(200);
    expect(set.body).toEqual({ mode: 'backward', transitive: true, sameRevision: 'in-place' });
    const gql = await request(t.http)
      .post('/graphql')
      .send({ query: '{ lineage(name: "mainline") { name branchesFrom latest policy { mode transitive sameRevision } effectivePolicy { mode } } lineages { name } }' })
      .expect(200);
    const rest = (await request(t.http).get('/lineages/mainline').expect(200)).body as Record<string, unknown>;
    expect(gql.body.data.lineage).toEqual({ name: 'mainline', branchesFrom: null, latest: rest.latest, policy: rest.policy, effectivePolicy: { mode: 'backward' } });
    const names = ((await request(t.http).get('/lineages').expect(200)).body as { name: string }[]).map((l) => l.name);
    expect((gql.body.data.lineages as { name: string }[]).map((l) => l.name)).toEqual(names);
    const cleared = await request(t.http)
      .post('/graphql')
      .send({ query: 'mutation { setLineagePolicy(lineage: "mainline", policy: null) { policy { mode } effectivePolicy { mode sameRevision } } }' })
      .expect(200);
    expect(cleared.body.data.setLineagePolicy).toEqual({ policy: null, effectivePolicy: { mode: 'none', sameRevision: 'in-place' } });
    await request(t.http).put('/lineages/no-such-lineage/policy').send({ mode: 'none', transitive: false, sameRevision: 'any' }).expect(404);
    const types: string[] = [];
    for (let page: { type: string; position: number }[] = [{ type: '', position: 0 }]; page.length > 0; ) {
      page = (await request(t.http).get(`/events?after=${page.at(-1)?.position ?? 0}&limit=1000`).expect(200)).body as { type: string; position: number }[];
      types.push(...page.map((e) => e.type));
    }
    expect(types.filter((x) => x === 'LineagePolicyChanged')).toHaveLength(2);
  });

  it('declares a reserved name as an event: later reports treat that field as padding', async () => {
    const before = (await request(t.http).get('/compat/linux-v4.14/linux-v4.17-pinned').expect(200)).body as { lost: { name: string }[] };
    expect(before.lost.map((f) => f.name)).not.toContain('vmx_preemption_timer_value');
    const gql = await request(t.http)
      .post('/graphql')
      .send({ query: 'mutation { declareReserved(name: "vmx_preemption_timer_value", reason: "test: no longer saved") { name created } }' })
      .expect(200);
    expect(gql.body.data.declareReserved).toEqual({ name: 'vmx_preemption_timer_value', created: true });
    await request(t.http).post('/reserved').send({ name: 'vmx_preemption_timer_value', reason: 'test: no longer saved' }).expect(200);
    await request(t.http).post('/reserved').send({ name: 'not a name', reason: 'x' }).expect(400);
    const after = (await request(t.http).get('/compat/linux-v4.14/linux-v4.17-pinned').expect(200)).body as { lost: unknown[]; findings: { field: string }[] };
    expect(after.findings.map((f) => f.field)).not.toContain('vmx_preemption_timer_value');
  });

  it('refuses a lineage name that is not a slug and a branchesFrom that names no lineage, with 400', async () => {
    const bad = await request(t.http).post('/layouts').send({ name: 'x-bad-lineage', format: 'c', source: DEBIAN_612, lineage: 'Not A Slug' }).expect(400);
    expect(bad.body.field).toBe('lineage');
    const orphan = await request(t.http).post('/layouts').send({ name: 'x-orphan', format: 'c', source: DEBIAN_612, lineage: 'orphan', branchesFrom: 'nowhere' }).expect(400);
    expect(orphan.body.field).toBe('branchesFrom');
    const fixed = await request(t.http).post('/layouts').send({ name: 'x-refork', format: 'c', source: DEBIAN_612, lineage: 'mainline', branchesFrom: 'guest-lbr-ctl' }).expect(400);
    expect(fixed.body.message).toContain('fixed by its first layout');
  });
});
