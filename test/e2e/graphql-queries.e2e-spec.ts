import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { CATALOG_SIZE } from '../support/catalog-size';

// Every query over the built-in catalog, checked against catalog facts and against REST's answer
// for the same question (GraphQL's nulls for absent members aside).

interface GqlResponse<T> {
  data: T;
  errors?: { message: string; extensions: Record<string, unknown> }[];
}

// REST omits absent members where GraphQL answers null.
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(withoutNulls);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
  }
  return value;
}

describe('GraphQL queries', () => {
  let t: TestApp;
  const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const res = await request(t.http).post('/graphql').send({ query, variables }).expect(200);
    const body = res.body as GqlResponse<T>;
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const rest = async (path: string): Promise<unknown> => (await request(t.http).get(path).expect(200)).body;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the catalog in history order, filtered by revision and deprecation like GET /layouts', async () => {
    const { all, rev, deprecated } = await gql<{ all: { name: string; revision: string }[]; rev: { name: string }[]; deprecated: unknown[] }>(
      `{ all: layouts { name revision } rev: layouts(revision: "0x11E57ED0") { name } deprecated: layouts(deprecated: true) { name } }`,
    );
    expect(all.map((l) => l.name).slice(0, 5)).toEqual(['linux-v3.1', 'linux-v3.10', 'linux-v3.18', 'linux-v4.4', 'linux-v4.14']);
    expect(all).toHaveLength(CATALOG_SIZE);
    expect(rev.map((l) => l.name)).toEqual(all.filter((l) => l.revision === '0x11e57ed0').map((l) => l.name));
    expect(rev.map((l) => l.name)).toContain('linux-v4.17-pinned');
    expect(deprecated).toEqual([]);
    const summaries = (await rest('/layouts')) as Record<string, unknown>[];
    const full = await gql<{ layouts: Record<string, unknown>[] }>(
      `{ layouts { name revision size fingerprint format kernel imported deprecated deprecationReason registeredAt position lineage
          provenance { tree commit kernel path changes mainline } annotations { kernel commit notes } } }`,
    );
    expect(withoutNulls(full.layouts)).toEqual(withoutNulls(summaries));
  });

  it('serves one layout with its fields exactly as GET /layouts/:name', async () => {
    const { layout } = await gql<{ layout: { fieldCount: number; fields: { name: string; offset: number }[] } }>(
      `{ layout(name: "linux-v4.4") { name fieldCount fields { name type count offset size role encoding line column bitfields { name bits } } } }`,
    );
    expect(layout.fields.find((f) => f.name === 'host_tr_selector')?.offset).toBe(994);
    expect(layout.fieldCount).toBe(layout.fields.length);
    const byRest = (await rest('/layouts/linux-v4.4')) as { fields: unknown[] };
    expect(withoutNulls(layout.fields)).toEqual(byRest.fields);
    const hdr = await gql<{ layout: { fields: { name: string; bitfields: unknown }[] } }>(
      `{ layout(name: "linux-v4.19-hdr") { fields { name bitfields { name bits } } } }`,
    );
    expect(hdr.layout.fields[0]).toEqual({ name: 'hdr', bitfields: [{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }] });
  });

  const REPORT = `verdict inPlace revisionConflict
    lost { name type count offset encoding reason } retired { name type count offset encoding } added { name type count offset encoding }
    moved { name fromName fromOffset toOffset encoding }
    resized { name fromName fromType toType fromCount toCount encoding }
    findings { rule severity field message fromOffset toOffset line column encoding }`;

  it('reports 4.4 → 4.17 as compatible in place, and 4.14 → 4.17 as a revision conflict moving 131 fields', async () => {
    const { inPlace, conflict } = await gql<{ inPlace: Record<string, unknown>; conflict: { moved: unknown[]; findings: { rule: string }[] } & Record<string, unknown> }>(
      `{ inPlace: compatibility(from: "linux-v4.4", to: "linux-v4.17-pinned") { from to ${REPORT} }
         conflict: compatibility(from: "linux-v4.14", to: "linux-v4.17-pinned") { from to ${REPORT} } }`,
    );
    expect(inPlace).toMatchObject({ verdict: 'compatible', inPlace: true, from: 'linux-v4.4', to: 'linux-v4.17-pinned' });
    expect(conflict).toMatchObject({ verdict: 'compatible', revisionConflict: true, inPlace: false });
    expect(conflict.moved).toHaveLength(131);
    expect(conflict.findings.some((f) => f.rule === 'REVISION_CONFLICT')).toBe(true);
    expect(withoutNulls(conflict)).toEqual(await rest('/compat/linux-v4.14/linux-v4.17-pinned'));
    expect(withoutNulls(inPlace)).toEqual(await rest('/compat/linux-v4.4/linux-v4.17-pinned'));
  });

  it('answers compatibility per listed layout, in line with the matrix', async () => {
    const { layouts, matrix } = await gql<{
      layouts: { name: string; compatibility: { verdict: string; revisionConflict: boolean } }[];
      matrix: { layouts: string[]; verdicts: string[][]; conflicts: boolean[][] };
    }>(`{ layouts { name compatibility(to: "linux-v4.17-pinned") { verdict revisionConflict } } matrix { layouts verdicts conflicts } }`);
    const column = matrix.layouts.indexOf('linux-v4.17-pinned');
    expect(layouts.map((l) => l.compatibility.verdict)).toEqual(matrix.verdicts.map((row) => row[column]));
    expect(layouts.map((l) => l.compatibility.revisionConflict)).toEqual(matrix.conflicts.map((row) => row[column]));
  });

  it('serves the matrix as GET /compat, whole or for chosen names', async () => {
    const { whole, pair } = await gql<{ whole: unknown; pair: { layouts: string[]; verdicts: string[][]; conflicts: boolean[][] } }>(
      `{ whole: matrix { layouts verdicts conflicts } pair: matrix(names: ["linux-v4.14", "linux-v4.17-pinned"]) { layouts verdicts conflicts } }`,
    );
    expect(whole).toEqual(await rest('/compat'));
    expect(pair).toEqual({
      layouts: ['linux-v4.14', 'linux-v4.17-pinned'],
      verdicts: [
        ['identical', 'compatible'],
        ['lossy', 'identical'],
      ],
      conflicts: [
        [false, true],
        [true, false],
      ],
    });
  });

  it('serves a plan as GET /plans, ops flat with an op discriminator', async () => {
    const { plan } = await gql<{ plan: { ops: { op: string; length: number | null }[]; bytesCopied: number; copyRuns: number } }>(
      `{ plan(from: "linux-v4.14", to: "linux-v4.17-pinned") {
          from to id fromFingerprint toFingerprint fromRevision fromSize toSize copyRuns bytesCopied
          ops { op from to length field fromWidth toWidth count value }
          absent { field from width count firstIndex array } } }`,
    );
    expect(plan.ops[0]).toEqual({ op: 'revision', from: null, to: 0, length: null, field: null, fromWidth: null, toWidth: null, count: null, value: 0x11e57ed0 });
    const copies = plan.ops.filter((o) => o.op === 'copy');
    expect(copies.reduce((s, o) => s + (o.length ?? 0), 0)).toBe(plan.bytesCopied);
    expect(plan.copyRuns).toBe(copies.length);
    expect(withoutNulls(plan)).toEqual(await rest('/plans/linux-v4.14/linux-v4.17-pinned'));
  });

  it('pages through the event log as GET /events, with data as JSON', async () => {
    const { page, next } = await gql<{ page: { position: number; type: string; data: { name: string } }[]; next: { position: number }[] }>(
      `query ($limit: Int!) { page: events(limit: $limit) { position stream version type data metadata recordedAt hash }
         next: events(after: 3, limit: 2) { position } }`,
      { limit: 5 },
    );
    expect(page.map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    // The catalog's history: its reserved names first, then its layouts.
    expect(page[0]).toMatchObject({ type: 'ReservedNameDeclared', data: { name: 'dead_space' } });
    expect(page[1]).toMatchObject({ type: 'LayoutRegistered', data: { name: 'linux-v3.1', revision: expect.stringMatching(/^0x/), lineage: 'mainline' } });
    expect(page).toEqual(await rest('/events?after=0&limit=5'));
    expect(next.map((e) => e.position)).toEqual([4, 5]);
  });

  it('verifies the hash chain as GET /events/verify', async () => {
    const { verifyChain } = await gql<{ verifyChain: { ok: boolean; events: number; head: string } }>(`{ verifyChain { ok events head firstBadPosition } }`);
    expect(verifyChain).toEqual({ ...((await rest('/events/verify')) as object), firstBadPosition: null });
    expect(verifyChain.ok).toBe(true);
    expect(verifyChain.events).toBeGreaterThanOrEqual(20);
  });

  it('serves aliases and the default policy as REST does', async () => {
    const data = await gql<{ aliases: unknown[]; policy: unknown }>(`{ aliases { from to position } policy { mode transitive sameRevision position } }`);
    expect(data).toEqual({ aliases: await rest('/aliases'), policy: await rest('/policy') });
    expect(data.policy).toEqual({ mode: 'none', transitive: false, sameRevision: 'in-place', position: 0 });
  });

  it('tells the history: each layout against its predecessor and its last same-revision predecessor', async () => {
    type Step = { from: string; to: string; verdict: string; revisionConflict: boolean; movedCount: number; lostCount: number; summary: string; findingCounts: { rule: string; count: number }[] };
    const { history } = await gql<{ history: { layout: { name: string; revision: string }; previous: Step | null; previousSameRevision: Step | null }[] }>(
      `{ history { layout { name revision }
          previous { from to verdict inPlace revisionConflict lostCount addedCount movedCount resizedCount summary findingCounts { rule severity count } }
          previousSameRevision { from to verdict inPlace revisionConflict lostCount addedCount movedCount resizedCount summary findingCounts { rule severity count } } } }`,
    );
    expect(history).toHaveLength(CATALOG_SIZE);
    expect(history[0]).toMatchObject({ layout: { name: 'linux-v3.1' }, previous: null, previousSameRevision: null });
    const pinned = history.find((h) => h.layout.name === 'linux-v4.17-pinned');
    expect(pinned?.previous).toMatchObject({ from: 'rfc-2017-evmcs-reorder', to: 'linux-v4.17-pinned' });
    expect(pinned?.previous).toMatchObject({ verdict: 'lossy', lostCount: 6, summary: 'lossy: 6 lost, 2 added, 142 moved' });
    // 4.17 kept 4.14's revision id (as rfc-2017-pre-evmcs, identical to 4.14, did) and moved 131 fields.
    const same = pinned?.previousSameRevision as Step;
    expect(same).toMatchObject({ from: 'rfc-2017-pre-evmcs', verdict: 'compatible', movedCount: 131, revisionConflict: true });
    expect(same.summary).toBe('compatible: 2 added, 131 moved; revision conflict');
    const report = (await rest('/compat/rfc-2017-pre-evmcs/linux-v4.17-pinned')) as { findings: { rule: string }[] };
    expect(same.findingCounts.reduce((n, c) => n + c.count, 0)).toBe(report.findings.length);
    expect(same.findingCounts.find((c) => c.rule === 'FIELD_MOVED')?.count).toBe(report.findings.filter((f) => f.rule === 'FIELD_MOVED').length);
    const reorder = history.find((h) => h.layout.name === 'rfc-2017-evmcs-reorder');
    expect(reorder?.previousSameRevision).toBeNull(); // the only layout with revision 0x11e586b1
  });
});
