import request from 'supertest';
import { WebSocket } from 'ws';
import { OPEN_ROUTES } from '../../../src/modules/auth/read-access';
import { logState } from '../hardening/support/event-log';
import { startHardeningApp } from '../hardening/support/hardening-app';
import type { HardeningApp } from '../hardening/support/hardening-app';
import { listRoutes } from '../hardening/support/routes';

jest.setTimeout(60_000);

const READER = 'r-secret-closed';
const WRITER = 'w-secret-closed';
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

// A concrete path for a route pattern: parameters become a catalog layout's name.
function concrete(pattern: string): string {
  return pattern.replace(/:[a-zA-Z]+/g, 'linux-v4.14').replace(/\*/g, 'app.js');
}

function send(t: HardeningApp, route: string, token?: string): request.Test {
  const [method, pattern] = route.split(' ') as [string, string];
  const req = request(t.http)[method.toLowerCase() as 'get'](concrete(pattern));
  if (token) {
    void req.set('authorization', `Bearer ${token}`);
  }
  return method === 'GET' || method === 'HEAD' ? req : req.set('content-type', 'application/json').send('{}');
}

// The first message a graphql-ws server sends back for a connection_init, or how it closed.
function initOutcome(url: string, payload: unknown, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init', payload })));
    ws.on('message', (data) => {
      resolve(`message ${(JSON.parse(data.toString()) as { type: string }).type}`);
      ws.close();
    });
    ws.on('close', (code) => resolve(`close ${code}`));
    ws.on('unexpected-response', (_req, res) => {
      resolve(`http ${res.statusCode}`);
      ws.terminate();
    });
    ws.on('error', () => undefined);
  });
}

describe('READS_OPEN=false', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    // No WRITE_TOKENS: loopback writes are allowed, yet a loopback reader still needs a token.
    t = await startHardeningApp({ env: { READS_OPEN: 'false', READ_TOKENS: READER } });
  });
  afterAll(() => t.close());

  // Every route the app registered, read back from Fastify: a route added later is covered
  // without anyone remembering to list it here.
  const routes = (): string[] => listRoutes(t.app.getHttpAdapter().getInstance(), METHODS);

  it('serves routes to test (the enumeration found the REST, GraphQL, SSE, metrics and dashboard routes)', () => {
    expect(routes()).toEqual(expect.arrayContaining(['GET /layouts', 'POST /graphql', 'GET /graphql', 'GET /events/stream', 'GET /metrics', 'GET /', 'POST /layouts']));
    expect(routes().length).toBeGreaterThan(25);
  });

  it('answers 401 without a token on every route but the health probes, from loopback too, and appends nothing', async () => {
    const before = await logState(t.http, READER);
    const answers: Record<string, number> = {};
    for (const route of routes()) {
      answers[route] = (await send(t, route)).status;
    }
    const expected = Object.fromEntries(routes().map((r) => [r, OPEN_ROUTES.has(r.split(' ')[1]!) ? 200 : 401]));
    expect(answers).toEqual(expected);
    expect(await logState(t.http, READER)).toEqual(before);
  });

  it('answers 401 with an unknown token, and lets a reader token through on every route', async () => {
    // The stream stays open for a reader: its 200 is checked below.
    for (const route of routes().filter((r) => !r.endsWith(' /events/stream'))) {
      expect([route, (await send(t, route, 'nope')).status]).toEqual([route, OPEN_ROUTES.has(route.split(' ')[1]!) ? 200 : 401]);
      expect([route, (await send(t, route, READER)).status]).not.toEqual([route, 401]);
    }
  });

  it('refuses unknown paths the same way (a stranger learns nothing of the routes)', async () => {
    await request(t.http).get('/no/such/path').expect(401);
    await request(t.http).get('/no/such/path').set('authorization', `Bearer ${READER}`).expect(404);
  });

  it('refuses a GraphQL query without a token in the GraphQL shape, and answers it for a reader', async () => {
    const none = await request(t.http).post('/graphql').send({ query: '{ layouts { name } }' }).expect(401);
    expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const get = await request(t.http).get('/graphql').query({ query: '{ layouts { name } }' }).expect(401);
    expect(get.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const ok = await request(t.http).post('/graphql').set('authorization', `Bearer ${READER}`).send({ query: '{ layouts { name } }' }).expect(200);
    expect(ok.body.data.layouts.length).toBeGreaterThan(0);
  });

  it('refuses the SSE stream without a token, and opens it for a reader', async () => {
    const res = await request(t.http).get('/events/stream?after=0').expect(401);
    expect(res.body.error).toBe('unauthorized');
    const controller = new AbortController();
    const open = await fetch(`${t.url}/events/stream?after=0`, { headers: { authorization: `Bearer ${READER}` }, signal: controller.signal });
    expect(open.status).toBe(200);
    controller.abort();
  });

  it('checks graphql-ws at connection_init: no token closes with 4401, a reader token in the payload is acknowledged', async () => {
    expect(await initOutcome(t.url, {})).toBe('close 4401');
    expect(await initOutcome(t.url, { authorization: 'Bearer nope' })).toBe('close 4401');
    expect(await initOutcome(t.url, { authorization: `Bearer ${READER}` })).toBe('message connection_ack');
    expect(await initOutcome(t.url, {}, { authorization: `Bearer ${READER}` })).toBe('message connection_ack');
    expect(await initOutcome(t.url, {}, { authorization: 'Bearer nope' })).toBe('http 401');
  });

  it('keeps a reader from writing: loopback writes without WRITE_TOKENS need at least a token once reads are closed', async () => {
    const before = await logState(t.http, READER);
    await request(t.http).post('/aliases').send({ from: 'closed_a', to: 'closed_b' }).expect(401);
    expect(await logState(t.http, READER)).toEqual(before);
  });
});

describe('READS_OPEN=false with writer tokens', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ env: { READS_OPEN: 'false', READ_TOKENS: READER, WRITE_TOKENS: WRITER } });
  });
  afterAll(() => t.close());

  it('lets a writer token read, and still refuses a reader token a write', async () => {
    await request(t.http).get('/layouts').set('authorization', `Bearer ${WRITER}`).expect(200);
    await request(t.http).get('/metrics').set('authorization', `Bearer ${WRITER}`).expect(200);
    await request(t.http).post('/aliases').set('authorization', `Bearer ${READER}`).send({ from: 'r_a', to: 'r_b' }).expect(403);
    await request(t.http).post('/aliases').set('authorization', `Bearer ${WRITER}`).send({ from: 'w_a', to: 'w_b' }).expect(201);
  });
});
