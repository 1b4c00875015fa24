import fc from 'fast-check';
import request from 'supertest';
import { loadCatalog } from '../../src/core/catalog/catalog';
import { compilePlan } from '../../src/core/conversion/compile-plan';
import { convertBlob } from '../../src/core/conversion/convert-blob';
import { buildPlan } from '../../src/core/conversion/plan';
import { layOut, vmcs12For } from '../support/kvm-vmcs12';
import { nestedState } from '../support/nested-state-factory';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// Identification, auto conversion and the kernel lookup over real HTTP and Postgres, REST and
// GraphQL answering alike.
const catalog = loadCatalog();
const entry = (name: string): (typeof catalog)[number] => catalog.find((e) => e.name === name) as (typeof catalog)[number];
const sample = (name: string, seed: number): Buffer => Buffer.from(layOut(fc.sample(vmcs12For(entry(name).layout), { seed, numRuns: 1 })[0]!, entry(name).layout));

function headerOnly(): Buffer {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(0x11e57ed0, 0);
  return b;
}

describe('identification over REST and GraphQL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const gql = async (query: string, variables: Record<string, unknown>): Promise<{ data?: Record<string, unknown>; errors?: Array<{ extensions: Record<string, unknown> }> }> =>
    (await request(t.http).post('/graphql').send({ query, variables }).expect(200)).body as never;

  it('identifies a 4.14 blob from raw bytes and from JSON, and GraphQL says the same', async () => {
    const blob = sample('linux-v4.14', 1);
    const raw = await request(t.http).post('/identify').set('content-type', 'application/octet-stream').send(blob).expect(200);
    expect(raw.body).toMatchObject({ revision: '0x11e57ed0', verdict: 'identified' });
    expect([raw.body.candidates[0].name, ...raw.body.candidates[0].sameAs]).toEqual(expect.arrayContaining(['linux-v4.14', 'rfc-2017-pre-evmcs']));
    expect(raw.body.candidates[0]).toMatchObject({ lineage: 'mainline', plausible: true });
    expect(raw.body.candidates[0].evidence).toContainEqual(expect.objectContaining({ check: 'vmcs-link-pointer', field: 'vmcs_link_pointer', ok: true }));
    const json = await request(t.http).post('/identify').send({ blob: blob.toString('base64') }).expect(200);
    expect(json.body).toEqual(raw.body);
    const q = await gql(
      'query($b: String!) { identify(blob: $b) { revision verdict reason candidates { name lineage score plausible checks { passed failed } evidence { check field offset ok detail weight } sameAs } } }',
      { b: blob.toString('base64') },
    );
    expect(q.data?.identify).toEqual(raw.body);
  });

  it('identifies the vmcs12 of a kvm_nested_state container (?container=nested-state)', async () => {
    const container = Buffer.from(nestedState());
    sample('lkp-apic-timer-virt', 2).copy(container, 128);
    const res = await request(t.http).post('/identify?container=nested-state').set('content-type', 'application/octet-stream').send(container).expect(200);
    const bare = await request(t.http).post('/identify').set('content-type', 'application/octet-stream').send(container.subarray(128, 128 + 4096)).expect(200);
    expect(res.body).toEqual(bare.body);
  });

  it('says ambiguous for a blob that holds only its revision', async () => {
    const res = await request(t.http).post('/identify').set('content-type', 'application/octet-stream').send(headerOnly()).expect(200);
    expect(res.body.verdict).toBe('ambiguous');
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'image/png'])(
    'answers %s exactly as POST /convert does (same content-type rules)',
    async (type) => {
      const body = type.startsWith('multipart') ? '--x--\r\n' : 'blob=AAAA';
      const viaConvert = await request(t.http).post('/convert/linux-v4.14/linux-v4.14').set('content-type', type).send(body);
      const viaIdentify = await request(t.http).post('/identify').set('content-type', type).send(body);
      expect(viaConvert.status).toBeGreaterThanOrEqual(400);
      expect(viaConvert.status).toBeLessThan(500);
      expect([viaIdentify.status, viaIdentify.body.error]).toEqual([viaConvert.status, viaConvert.body.error]);
    },
  );

  it('refuses a bad container, a short blob and an oversized body with 4xx naming the problem', async () => {
    const big = await request(t.http).post('/identify').set('content-type', 'application/octet-stream').send(Buffer.alloc(200_000));
    expect([big.status, big.body.error]).toEqual([413, 'payload_too_large']);
    const c = await request(t.http).post('/identify?container=tar').send({ blob: headerOnly().toString('base64') }).expect(400);
    expect(c.body).toMatchObject({ error: 'invalid_input', field: 'container' });
    const twice = await request(t.http).post('/identify?container=nested-state&container=nested-state').send({ blob: headerOnly().toString('base64') }).expect(400);
    expect(twice.body).toMatchObject({ field: 'container' });
    const s = await request(t.http).post('/identify').set('content-type', 'application/octet-stream').send(Buffer.from([1, 2])).expect(422);
    expect(s.body).toMatchObject({ error: 'invalid_blob', offset: 2 });
  });

  it('converts from auto exactly as from the true layout, naming the candidates it considered', async () => {
    const blob = sample('linux-v4.14', 3);
    const expected = convertBlob(compilePlan(buildPlan(entry('linux-v4.14'), entry('linux-v4.17-pinned'))), blob);
    const res = await request(t.http).post('/convert/auto/linux-v4.17-pinned').set('content-type', 'application/octet-stream').send(blob).expect(200);
    expect(Buffer.from(res.body as Buffer).equals(Buffer.from(expected.output))).toBe(true);
    expect(res.headers['x-source-candidates']?.split(',')).toEqual(expect.arrayContaining(['linux-v4.14', 'rfc-2017-pre-evmcs']));
    expect(res.headers['x-lost-fields']).toBe('');
    const json = await request(t.http).post('/convert/auto/linux-v4.17-pinned').send({ blob: blob.toString('base64') }).expect(200);
    expect(json.body.blob).toBe(Buffer.from(expected.output).toString('base64'));
    const q = await gql('mutation($b: String!) { convert(from: "auto", to: "linux-v4.17-pinned", blob: $b) { blob lost { field } from sourceCandidates } }', {
      b: blob.toString('base64'),
    });
    expect(q.data?.convert).toEqual({ blob: json.body.blob, lost: [], from: json.body.from, sourceCandidates: json.body.sourceCandidates });
  });

  it('is a 409 ambiguous_source, over REST and GraphQL, when plausible sources convert differently', async () => {
    const blob = headerOnly();
    blob.writeUInt32LE(0x60042, entry('linux-v3.18').layout.fields.find((f) => f.name === 'exception_bitmap')?.offset ?? -1);
    const res = await request(t.http).post('/convert/auto/linux-v4.14').set('content-type', 'application/octet-stream').send(blob).expect(409);
    expect(res.body).toMatchObject({ error: 'ambiguous_source', differences: expect.arrayContaining([expect.objectContaining({ field: 'exception_bitmap' })]) });
    const names = (res.body.candidates as Array<{ name: string; sameAs: string[] }>).flatMap((c) => [c.name, ...c.sameAs]);
    expect(names).toEqual(expect.arrayContaining(['linux-v3.1', 'linux-v3.18']));
    const q = await gql('mutation($b: String!) { convert(from: "auto", to: "linux-v4.14", blob: $b) { blob } }', { b: blob.toString('base64') });
    expect(q.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', error: 'ambiguous_source' });
  });

  it('is a 422 unknown_source for random bytes under a catalog revision', async () => {
    const blob = Buffer.from(fc.sample(fc.uint8Array({ minLength: 4096, maxLength: 4096 }), { seed: 9, numRuns: 1 })[0]!);
    blob.writeUInt32LE(0x11e57ed0, 0);
    const res = await request(t.http).post('/convert/auto/linux-v4.14').set('content-type', 'application/octet-stream').send(blob).expect(422);
    expect(res.body.error).toBe('unknown_source');
  });

  it('looks up the layouts of a kernel release, and 404s naming the nearest', async () => {
    const res = await request(t.http).get('/kernels/6.12').expect(200);
    expect(res.body.layouts).toEqual([expect.objectContaining({ name: 'linux-tsc-multiplier', match: 'series', lineage: 'mainline' })]);
    const old = await request(t.http).get('/kernels/5.10').expect(200);
    expect(old.body.layouts).toEqual([expect.objectContaining({ name: 'uek-dead-space', match: 'series' })]);
    const miss = await request(t.http).get('/kernels/4.9').expect(404);
    expect(miss.body).toMatchObject({ error: 'not_found', release: '4.9', nearest: expect.arrayContaining(['5.10.198']) });
    await request(t.http).get('/kernels/not-a-release').expect(400);
    const q = await gql('query($r: String!) { kernel(release: $r) { release layouts { name match evidence { release } } } }', { r: '6.12.117' });
    expect(q.data?.kernel).toEqual({ release: '6.12.117', layouts: [{ name: 'linux-tsc-multiplier', match: 'exact', evidence: [{ release: '6.12.117' }] }] });
  });
});
