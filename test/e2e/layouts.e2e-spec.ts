import request from 'supertest';
import { readAllEvents } from '../support/read-events';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { CATALOG_SIZE } from '../support/catalog-size';

const SMALL = (extra = '') => `struct __packed vmcs12 {
\tu32 revision_id;
\tu32 abort;
\tu64 io_bitmap_a;${extra}
};
#define VMCS12_REVISION 0x00abcdef
`;

describe('layouts over REST', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves the built-in catalog in history order', async () => {
    const res = await request(t.http).get('/layouts').expect(200);
    const names = (res.body as { name: string }[]).map((l) => l.name);
    expect(names.slice(0, 5)).toEqual(['linux-v3.1', 'linux-v3.10', 'linux-v3.18', 'linux-v4.4', 'linux-v4.14']);
    expect(names).toContain('rfc-2017-evmcs-reorder');
    expect(names).toContain('hyperv-evmcs-v1');
    expect(names).toHaveLength(CATALOG_SIZE);
  });

  it('registers a C layout with 201, then answers the same content with 200 and no new event', async () => {
    const first = await request(t.http).post('/layouts').send({ name: 'small-one', format: 'c', source: SMALL() }).expect(201);
    expect(first.body).toMatchObject({ name: 'small-one', revision: '0x00abcdef', size: 4096 });
    expect(first.body.fields[2]).toMatchObject({ name: 'io_bitmap_a', offset: 8, role: 'data', line: 4, column: 6 });
    const before = await readAllEvents(t.http);
    const again = await request(t.http).post('/layouts').send({ name: 'small-one', format: 'c', source: `/* reformatted */ ${SMALL()}` }).expect(200);
    expect(again.body.fingerprint).toBe(first.body.fingerprint);
    const after = await readAllEvents(t.http);
    expect(after).toHaveLength(before.length);
  });

  it('refuses the same name with other content with 409', async () => {
    await request(t.http).post('/layouts').send({ name: 'small-two', format: 'c', source: SMALL() }).expect(201);
    const res = await request(t.http)
      .post('/layouts')
      .send({ name: 'small-two', format: 'json', revision: '0x00abcdef', size: 4096, fields: [{ name: 'revision_id', type: 'u32', offset: 0 }] })
      .expect(409);
    expect(res.body).toMatchObject({ error: 'conflict', name: 'small-two' });
  });

  it('gives the JSON form of a layout the fingerprint of its C form', async () => {
    const c = await request(t.http).post('/layouts').send({ name: 'as-c', format: 'c', source: SMALL('\n\tu16 x;') }).expect(201);
    const fields = [
      { name: 'revision_id', type: 'u32', offset: 0 },
      { name: 'abort', type: 'u32', offset: 4 },
      { name: 'io_bitmap_a', type: 'u64', offset: 8 },
      { name: 'x', type: 'u16', offset: 16 },
    ];
    const j = await request(t.http).post('/layouts').send({ name: 'as-json', format: 'json', revision: '0x00abcdef', size: 4096, fields }).expect(201);
    expect(j.body.fingerprint).toBe(c.body.fingerprint);
  });

  it('answers a C syntax error with 400, line and column', async () => {
    const res = await request(t.http)
      .post('/layouts')
      .send({ name: 'broken', format: 'c', source: 'struct __packed vmcs12 {\n  u32 revision_id;\n  u33 abort;\n};' })
      .expect(400);
    expect(res.body).toMatchObject({ error: 'parse_error', line: 3, column: 3 });
    await request(t.http).get('/layouts/broken').expect(404);
  });

  it('refuses a 32-bit revision id with 400', async () => {
    const res = await request(t.http).post('/layouts').send({ name: 'big-rev', format: 'c', source: SMALL(), revision: '0x80000000' }).expect(400);
    expect(res.body.message).toMatch(/31 bits|shadow/);
  });

  it('refuses a reorder under an unchanged revision id with 409 and the findings', async () => {
    const reordered = `struct __packed vmcs12 {\n u32 revision_id;\n u64 io_bitmap_a;\n u32 abort;\n};\n#define VMCS12_REVISION 0x00abcdef\n`;
    const res = await request(t.http).post('/layouts').send({ name: 'reordered', format: 'c', source: reordered }).expect(409);
    expect(res.body.error).toBe('policy_violation');
    // Grouped per reference: the head of mainline, the layout registered just before.
    const groups = res.body.findings as { reference: string; lineage: string; findings: { rule: string }[] }[];
    expect(groups.map((g) => g.lineage)).toEqual(['mainline']);
    expect(groups.flatMap((g) => g.findings).some((f) => f.rule === 'REVISION_CONFLICT')).toBe(true);
    expect(res.body.hint).toContain('VMCS12_REVISION');
  });

  it('deprecates a layout, which stays readable and convertible', async () => {
    await request(t.http).post('/layouts/small-one/deprecate').send({ reason: 'superseded' }).expect(200);
    const res = await request(t.http).get('/layouts/small-one').expect(200);
    expect(res.body).toMatchObject({ deprecated: true, deprecationReason: 'superseded' });
    const blob = Buffer.alloc(4096);
    blob.writeUInt32LE(0x00abcdef, 0);
    await request(t.http).post('/convert/small-one/small-two').set('content-type', 'application/octet-stream').send(blob).expect(200);
    await request(t.http).post('/layouts/nope/deprecate').send({ reason: 'x' }).expect(404);
    await request(t.http).post('/layouts/small-one/deprecate').send({}).expect(400);
  });

  it('annotates a layout with kernel, commit and notes, field by field', async () => {
    await request(t.http).post('/layouts/small-two/annotations').send({ kernel: '6.1', notes: 'seen in a vendor tree' }).expect(200);
    const res = await request(t.http).post('/layouts/small-two/annotations').send({ commit: 'abc123' }).expect(200);
    expect(res.body).toMatchObject({ kernel: '6.1', annotations: { kernel: '6.1', commit: 'abc123', notes: 'seen in a vendor tree' } });
    const events = await readAllEvents(t.http);
    expect(events.filter((e) => e.type === 'LayoutAnnotated')).toHaveLength(2);
    await request(t.http).post('/layouts/small-two/annotations').send({}).expect(400);
  });

  it('serves a layout header with a static assertion per offset', async () => {
    const res = await request(t.http).get('/layouts/linux-v4.4.h').expect(200);
    expect(res.text).toContain('struct __packed vmcs12');
    expect(res.text).toMatch(/offsetof\(struct vmcs12, host_tr_selector\) == 994/);
  });

  it('keeps the event log gapless and its hash chain valid', async () => {
    const events = await readAllEvents(t.http);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    const v = await request(t.http).get('/events/verify').expect(200);
    expect(v.body).toMatchObject({ ok: true, events: events.length });
  });
});
