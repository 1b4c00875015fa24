import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { openBrowser } from '../../support/browser';
import { pollUntil } from '../../support/poll-until';
import type { BrowserSession } from '../../support/browser';
import { logState } from '../hardening/support/event-log';
import { startHardeningApp } from '../hardening/support/hardening-app';
import type { HardeningApp } from '../hardening/support/hardening-app';

jest.setTimeout(90_000);

const SOURCE = 'struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n};\n#define VMCS12_REVISION 0x0000c5f1\n';
const SET_POLICY = 'mutation { setPolicy(input: { mode: full, transitive: true, sameRevision: "any" }) { mode } }';

// The attacker's page, served from http://localhost:<its port> (another site than
// http://127.0.0.1:<app port>): every way a page can POST across sites without a preflight
// (form posts in three encodings, fetch in no-cors mode, a GET mutation), plus a CORS fetch with
// JSON that needs a preflight. It reports when every attempt has settled.
function attackPage(target: string): string {
  const form = (action: string, enctype: string, fields: Record<string, string>, id: string): string =>
    `<iframe name="f${id}"></iframe><form id="${id}" target="f${id}" method="POST" action="${target}${action}" enctype="${enctype}">${Object.entries(fields)
      .map(([k, v]) => `<textarea name="${k.replace(/"/g, '&quot;')}">${v.replace(/</g, '&lt;')}</textarea>`)
      .join('')}</form>`;
  const gqlPlain = { [`{"query":${JSON.stringify(SET_POLICY)},"x":"`]: '"}' };
  const forms = [
    form('/layouts', 'application/x-www-form-urlencoded', { name: 'csrf-form', format: 'c', source: SOURCE }, 'a'),
    form('/aliases', 'application/x-www-form-urlencoded', { from: 'csrf_a', to: 'csrf_b' }, 'b'),
    form('/layouts/linux-v3.1/deprecate', 'application/x-www-form-urlencoded', { reason: 'csrf' }, 'c'),
    form('/graphql', 'text/plain', gqlPlain, 'd'),
    form('/graphql', 'application/x-www-form-urlencoded', { query: SET_POLICY }, 'e'),
    form('/aliases', 'multipart/form-data', { from: 'csrf_c', to: 'csrf_d' }, 'g'),
    form('/layouts/linux-v3.1/deprecate', 'text/plain', { '{"reason":"csrf","x":"': '"}' }, 'h'),
  ].join('\n');
  const script = `
    const target = ${JSON.stringify(target)};
    const json = (o) => JSON.stringify(o);
    const attempts = [
      ['/layouts', json({ name: 'csrf-fetch', format: 'c', source: ${JSON.stringify(SOURCE)} })],
      ['/aliases', json({ from: 'csrf_e', to: 'csrf_f' })],
      ['/layouts/linux-v3.1/deprecate', json({ reason: 'csrf' })],
      ['/layouts/linux-v3.1/deprecate', ''],
      ['/graphql', json({ query: ${JSON.stringify(SET_POLICY)} })],
    ];
    const settled = [];
    for (const [path, body] of attempts) {
      settled.push(fetch(target + path, { method: 'POST', mode: 'no-cors', body }).catch(() => undefined));
      settled.push(fetch(target + path, { method: 'POST', mode: 'cors', headers: { 'content-type': 'application/json' }, body }).catch(() => undefined));
    }
    settled.push(fetch(target + '/graphql?query=' + encodeURIComponent(${JSON.stringify(SET_POLICY)}), { mode: 'no-cors' }).catch(() => undefined));
    const frames = [...document.querySelectorAll('iframe')].map((f) => new Promise((r) => f.addEventListener('load', r, { once: true })));
    document.querySelectorAll('form').forEach((f) => f.submit());
    Promise.all([...settled, ...frames]).then(() => { document.title = 'done'; });
  `;
  return `<!doctype html><html><head><title>attack</title></head><body>${forms}<script>${script}</script></body></html>`;
}

describe('a page from another site cannot write through the browser of someone on the host', () => {
  let t: HardeningApp;
  let evil: Server;
  let browser: BrowserSession;
  beforeAll(async () => {
    t = await startHardeningApp(); // no WRITE_TOKENS: loopback writes, the case a page can reach
    evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(attackPage(t.url)));
    await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
    browser = await openBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => evil.close(resolve));
    await t.close();
  });

  it('gets 403 or 415 for every form post and no-cors fetch, no preflight through, and the log unchanged', async () => {
    const before = await logState(t.http);
    const policyBefore = (await request(t.http).get('/policy').expect(200)).body;
    const { page } = await browser.open({ width: 800, height: 600 });
    const answers: string[] = [];
    page.on('response', (res) => {
      if (res.url().startsWith(t.url)) {
        answers.push(`${res.request().method()} ${new URL(res.url()).pathname} ${res.status()}`);
      }
    });
    await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
    await pollUntil('every attempt to settle', () => page.title(), (v) => v === 'done', { timeoutMs: 30_000, intervalMs: 100 });
    // 7 forms and 5 no-cors fetches reached the service as POSTs; the 5 JSON fetches stopped at
    // their preflight (no POST of theirs arrived); the GET mutation got 405.
    expect(answers.filter((a) => a.startsWith('POST'))).toHaveLength(12);
    for (const answer of answers) {
      expect(answer).toMatch(/^(POST \S+ (403|415)|GET \/graphql 405)$/);
    }
    expect(await logState(t.http)).toEqual(before);
    expect((await request(t.http).get('/policy').expect(200)).body).toEqual(policyBefore);
    expect((await request(t.http).get('/layouts/linux-v3.1').expect(200)).body.deprecated).toBe(false);
  });

  it('still takes a write from a loopback tool (no Origin) and from the same origin', async () => {
    await request(t.http).post('/aliases').send({ from: 'tool_a', to: 'tool_b' }).expect(201);
    await request(t.http).post('/aliases').set('origin', t.url).send({ from: 'same_a', to: 'same_b' }).expect(201);
    const other = await request(t.http).post('/aliases').set('origin', 'http://localhost:1').send({ from: 'x_a', to: 'x_b' }).expect(403);
    expect(other.body.error).toBe('cross_origin');
  });

  it('gives no loopback write to a request that came through a proxy', async () => {
    const before = await logState(t.http);
    const res = await request(t.http).post('/aliases').set('x-forwarded-for', '203.0.113.9').send({ from: 'px_a', to: 'px_b' }).expect(403);
    expect(res.body.message).toMatch(/reverse proxy/);
    const gql = await request(t.http).post('/graphql').set('forwarded', 'for=203.0.113.9').send({ query: SET_POLICY });
    expect(gql.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(await logState(t.http)).toEqual(before);
  });
});

describe('content types', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t.close());

  const OTHER_TYPES = ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x', 'application/graphql', 'application/xml', 'application/json-patch+json'];

  it.each(OTHER_TYPES)('answers 415 with the documented error body for %s on every write, GraphQL and convert, and appends nothing', async (type) => {
    const before = await logState(t.http);
    for (const path of ['/layouts', '/aliases', '/layouts/linux-v3.1/deprecate', '/layouts/linux-v3.1/annotations', '/graphql', '/convert/linux-v4.14/linux-v4.4']) {
      const res = await request(t.http).post(path).set('content-type', type).send('{"query":"{ layouts { name } }","from":"a","to":"b","reason":"x"}');
      expect([path, res.status]).toEqual([path, 415]);
      expect(res.body).toEqual({ error: 'unsupported_media_type', message: expect.stringContaining('application/json') });
    }
    const put = await request(t.http).put('/policy').set('content-type', type).send('mode=full');
    expect(put.status).toBe(415);
    expect(await logState(t.http)).toEqual(before);
  });

  it('takes application/octet-stream on convert only', async () => {
    const blob = Buffer.alloc(10);
    expect((await request(t.http).post('/aliases').set('content-type', 'application/octet-stream').send(blob)).status).toBe(415);
    expect((await request(t.http).post('/convert/linux-v4.14/linux-v4.4').set('content-type', 'application/octet-stream').send(blob)).status).toBe(422);
  });

  it('refuses a GraphQL mutation over GET and leaves the policy alone', async () => {
    const before = (await request(t.http).get('/policy').expect(200)).body;
    const res = await request(t.http).get('/graphql').query({ query: SET_POLICY });
    expect(res.status).toBe(405);
    expect((await request(t.http).get('/policy').expect(200)).body).toEqual(before);
  });
});
