import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { sha256Hex } from '../../../src/infra/config/env';
import { logState } from './support/event-log';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';
import { listRoutes } from './support/routes';

jest.setTimeout(60_000);

const WRITER = 'w-secret-1';
const READER = 'r-secret-1';
const SOURCE = 'struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x0000acce\n';

interface WriteRoute {
  method: 'post' | 'put';
  path: string;
  body: Record<string, unknown>;
}

// Every route that appends to the log, with a body that succeeds for a writer. The policy goes
// last: a gate set first would judge the registration.
const WRITES: Record<string, WriteRoute> = {
  'POST /layouts': { method: 'post', path: '/layouts', body: { name: 'access-one', format: 'c', source: SOURCE } },
  'POST /layouts/:name/deprecate': { method: 'post', path: '/layouts/linux-v3.1/deprecate', body: { reason: 'access test' } },
  'POST /layouts/:name/annotations': { method: 'post', path: '/layouts/linux-v3.1/annotations', body: { notes: 'access test' } },
  'POST /aliases': { method: 'post', path: '/aliases', body: { from: 'access_old', to: 'access_new' } },
  'POST /reserved': { method: 'post', path: '/reserved', body: { name: 'access_reserved', reason: 'access test' } },
  'PUT /lineages/:name/policy': { method: 'put', path: '/lineages/mainline/policy', body: { mode: 'none', transitive: false, sameRevision: 'any' } },
  'PUT /policy': { method: 'put', path: '/policy', body: { mode: 'backward', transitive: false, sameRevision: 'in-place' } },
};
// Non-GET routes that change nothing in the registry (GraphQL mutations guard themselves).
const NOT_WRITES = ['POST /convert/:from/:to', 'POST /identify', 'POST /graphql'];

describe('writes need the writer role', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ env: { WRITE_TOKENS: WRITER, READ_TOKENS: `sha256:${sha256Hex(READER)}` } });
  });
  afterAll(() => t.close());

  it('knows every non-GET route: a new one must be classified here', () => {
    const routes = listRoutes(t.app.getHttpAdapter().getInstance(), ['POST', 'PUT', 'PATCH', 'DELETE']);
    expect(routes.filter((r) => !NOT_WRITES.includes(r)).sort()).toEqual(Object.keys(WRITES).sort());
  });

  describe.each(Object.entries(WRITES))('%s', (_route, w) => {
    it('answers 401 without a token and with an unknown one, 403 with a reader token, and appends nothing', async () => {
      const before = await logState(t.http);
      const none = await request(t.http)[w.method](w.path).send(w.body).expect(401);
      expect(none.body).toEqual({ error: 'unauthorized', message: expect.stringMatching(/bearer token/) });
      const unknown = await request(t.http)[w.method](w.path).set('authorization', 'Bearer nope').send(w.body).expect(401);
      expect(unknown.body.error).toBe('unauthorized');
      const reader = await request(t.http)[w.method](w.path).set('authorization', `Bearer ${READER}`).send(w.body).expect(403);
      expect(reader.body).toEqual({ error: 'forbidden', message: expect.stringMatching(/reader role/) });
      expect(await logState(t.http)).toEqual(before);
    });

    it('accepts the writer token and records its digest, never the token, and the request id', async () => {
      const before = await logState(t.http);
      const res = await request(t.http)[w.method](w.path)
        .set('authorization', `Bearer ${WRITER}`)
        .set('x-request-id', `access-${w.path}`)
        .send(w.body);
      expect([200, 201]).toContain(res.status);
      expect(res.headers['x-request-id']).toBe(`access-${w.path}`);
      const events = await request(t.http).get(`/events?after=${before.events}`).expect(200);
      expect(events.body).toHaveLength(1);
      expect(events.body[0].metadata).toMatchObject({ actor: `token:${sha256Hex(WRITER).slice(0, 12)}`, requestId: `access-${w.path}` });
      expect(JSON.stringify(events.body[0])).not.toContain(WRITER);
    });
  });

  describe('GraphQL mutations follow the same rules', () => {
    // Every mutation but convert appends; a new mutation must be classified here.
    const MUTATIONS: Record<string, string> = {
      registerLayout: `mutation { registerLayout(input: { name: "access-gql", format: "c", source: ${JSON.stringify(SOURCE.replace('acce', 'acc1'))} }) { created } }`,
      deprecateLayout: 'mutation { deprecateLayout(name: "linux-v3.10", reason: "access test") { name } }',
      declareAlias: 'mutation { declareAlias(from: "gql_old", to: "gql_new") { from } }',
      declareReserved: 'mutation { declareReserved(name: "gql_reserved", reason: "access test") { name } }',
      setLineagePolicy: 'mutation { setLineagePolicy(lineage: "mainline", policy: { mode: none, transitive: false, sameRevision: "in-place-all" }) { name } }',
      setPolicy: 'mutation { setPolicy(input: { mode: none, transitive: false, sameRevision: "any" }) { mode } }',
    };
    const gql = (query: string, token?: string): request.Test => {
      const req = request(t.http).post('/graphql').send({ query });
      return token ? req.set('authorization', `Bearer ${token}`) : req;
    };

    it('knows every mutation', async () => {
      const res = await gql('{ __schema { mutationType { fields { name } } } }').expect(200);
      const names = (res.body.data.__schema.mutationType.fields as { name: string }[]).map((f) => f.name).sort();
      expect(names).toEqual([...Object.keys(MUTATIONS), 'convert'].sort());
    });

    it.each(Object.entries(MUTATIONS))('%s: UNAUTHENTICATED without a token, FORBIDDEN with a reader token, then accepted for a writer', async (_name, query) => {
      const before = await logState(t.http);
      const none = await gql(query);
      expect(none.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const reader = await gql(query, READER);
      expect(reader.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await logState(t.http)).toEqual(before);
      const writer = await gql(query, WRITER).set('x-request-id', `gql-${_name}`);
      expect(writer.body.errors).toBeUndefined();
      const events = await request(t.http).get(`/events?after=${before.events}`).expect(200);
      expect(events.body).toHaveLength(1);
      expect(events.body[0].metadata).toMatchObject({ actor: `token:${sha256Hex(WRITER).slice(0, 12)}`, requestId: `gql-${_name}` });
    });
  });

  it('lets anyone read while reads are open', async () => {
    await request(t.http).get('/layouts/linux-v3.1').expect(200);
    await request(t.http).get('/events/verify').expect(200);
  });
});

// An address of this machine that is not loopback: requests to it come from it, too.
const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;

describe('writes without WRITE_TOKENS', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ host: '0.0.0.0' });
  });
  afterAll(() => t.close());

  it('accepts a loopback client and records it as the actor', async () => {
    const before = await logState(t.http);
    await request(t.http).post('/aliases').send({ from: 'loop_a', to: 'loop_b' }).expect(201);
    const events = await request(t.http).get(`/events?after=${before.events}`).expect(200);
    expect(events.body[0].metadata.actor).toBe('loopback');
  });

  (external ? it : it.skip)(`refuses a client that is not loopback with 403 (via ${external ?? 'no external address'})`, async () => {
    const before = await logState(t.http);
    const res = await request(`http://${external}:${t.port}`).post('/aliases').send({ from: 'ext_a', to: 'ext_b' }).expect(403);
    expect(res.body).toEqual({ error: 'forbidden', message: expect.stringMatching(/only from loopback/) });
    await request(`http://${external}:${t.port}`).get('/layouts/linux-v3.1').expect(200);
    expect(await logState(t.http)).toEqual(before);
  });
});
