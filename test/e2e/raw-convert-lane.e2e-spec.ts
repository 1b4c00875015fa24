import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import fc from 'fast-check';
import { layOut, writtenVmcs12For } from '../support/kvm-vmcs12';
import { nestedState } from '../support/nested-state-factory';
import { pollUntil } from '../support/poll-until';
import { catalogLayout, catalogNames } from '../support/shared-layouts';
import { createTestDatabase } from '../support/test-database';
import type { TestDatabase } from '../support/test-database';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// Raw conversions are answered below Fastify by a lane (raw-convert-lane.ts) when the request
// is plain, and by the Fastify route otherwise. Two instances on one database, one with the
// lane and one without, get the same requests, and must give the same bytes: status, every
// header but Date (the request id too, when the client sends one) in the same order, and body.
// The requests are what a client sends and what an attacker tries: realistic and random blobs,
// kvm_nested_state containers, `auto`, unknown and malformed names, percent-encoding, queries
// given twice or misspelt, other spellings of the content type, chunked bodies, cross-site
// headers, and, with reads closed, every kind of Authorization. The lane's own counter shows it
// took part of them and left the rest.
interface Answer {
  status: number;
  headers: string[]; // raw, in order, Date left out
  body: Buffer;
}

interface Sent {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  chunked: boolean;
}

function send(base: string, s: Sent, hostHeaders: (host: string) => Record<string, string> = () => ({})): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...s.headers, ...hostHeaders(url.host) };
    if (!s.chunked) {
      headers['content-length'] = String(s.body.length);
    }
    const req = httpRequest({ host: url.hostname, port: url.port, method: s.method, path: s.path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw: string[] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          if ((res.rawHeaders[i] as string).toLowerCase() !== 'date') {
            raw.push(res.rawHeaders[i] as string, res.rawHeaders[i + 1] as string);
          }
        }
        resolve({ status: res.statusCode as number, headers: raw, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', reject);
    req.end(s.body);
  });
}

async function laneCount(t: TestApp, authorization?: string): Promise<number> {
  const res = await fetch(`${t.url}/metrics`, { headers: authorization ? { authorization } : {} });
  const m = /^vmcs12_http_lane_requests_total\{lane="raw-convert"\} (\d+)$/m.exec(await res.text());
  return m ? Number(m[1]) : NaN;
}

const names = catalogNames().filter((_, i) => i % 5 === 0);
const mainline = names.filter((n) => catalogLayout(n).revision === 0x11e57ed0);

function blobs(source: string): fc.Arbitrary<Uint8Array> {
  const layout = catalogLayout(source);
  return fc.oneof(
    { weight: 3, arbitrary: writtenVmcs12For(layout).map((s) => layOut(s, layout)) },
    fc.uint8Array({ minLength: 0, maxLength: 5000 }),
    writtenVmcs12For(layout).map((s) => {
      const vmcs12 = layOut(s, layout);
      const out = nestedState({ size: 128 + vmcs12.length });
      out.set(vmcs12, 128);
      return out;
    }),
  );
}

const QUERIES = ['', '', '', '?', '?strict=true', '?strict=false', '?strict=yes', '?strict=true&strict=false', '?container=nested-state', '?container=nested-state&strict=true', '?container=shadow', '?other=1', '?strict=true#x', '#x', '?strict=%74rue'];
const TYPES = ['application/octet-stream', 'application/octet-stream', 'application/octet-stream', 'Application/Octet-Stream', 'application/octet-stream; x=1', 'text/plain', 'application/x-www-form-urlencoded'];

function requests(extra: fc.Arbitrary<Record<string, string>>): fc.Arbitrary<Sent & { origin: string | undefined }> {
  return fc
    .record({
      plain: fc.boolean(), // half the requests as a client sends them, varied in the target, query and blob only
      source: fc.constantFrom(...mainline),
      from: fc.constantFrom('same', 'same', 'same', 'auto', 'no-such-layout', 'Upper', 'percent', 'trailing'),
      to: fc.constantFrom(...names, 'no-such-layout'),
      query: fc.constantFrom(...QUERIES),
      type: fc.option(fc.constantFrom(...TYPES), { freq: 8 }),
      origin: fc.constantFrom(undefined, undefined, 'same', 'https://evil.example', 'null'),
      site: fc.constantFrom(undefined, undefined, 'same-origin', 'cross-site', 'none'),
      id: fc.constantFrom(undefined, 'client-req-1', 'bad id with spaces'),
      method: fc.constantFrom('POST', 'POST', 'POST', 'POST', 'PUT'),
      chunked: fc.constantFrom(false, false, false, false, false, true),
      extra,
    })
    .map((r) => (r.plain ? { ...r, from: 'same', type: 'application/octet-stream', origin: undefined, site: undefined, method: 'POST', chunked: false } : r))
    .chain((r) =>
      blobs(r.source).map((blob) => {
        const from = { same: r.source, Upper: r.source.toUpperCase(), percent: r.source.replace('-', '%2D'), trailing: r.source }[r.from] ?? r.from;
        const headers: Record<string, string> = { ...r.extra };
        if (r.type !== null) {headers['content-type'] = r.type;}
        if (r.site !== undefined) {headers['sec-fetch-site'] = r.site;}
        if (r.id !== undefined) {headers['x-request-id'] = r.id;}
        if (r.origin !== undefined && r.origin !== 'same') {headers['origin'] = r.origin;}
        const path = `/convert/${from}/${r.to}${r.from === 'trailing' ? '/' : ''}${r.query}`;
        const summary = `${r.method} ${path} ${JSON.stringify(headers)} origin=${r.origin} chunked=${r.chunked} body=${blob.length} bytes`;
        return { method: r.method, path, headers, body: Buffer.from(blob), chunked: r.chunked, origin: r.origin, [fc.toStringMethod]: () => summary };
      }),
    );
}

// The request id is compared when the client chose it; a fresh one differs by design. Each
// instance's own host (in a refusal naming the request's Origin) reads as HOST.
function comparable(a: Answer, sentId: string | undefined, host: string): Answer {
  const body = Buffer.from(a.body.toString('latin1').split(host).join('HOST'), 'latin1');
  if (sentId !== undefined && /^[\x21-\x7e]{1,128}$/.test(sentId)) {
    return { ...a, body };
  }
  const headers = [...a.headers];
  const at = headers.indexOf('x-request-id');
  expect(at).toBeGreaterThanOrEqual(0);
  expect(headers[at + 1]).toMatch(/^[0-9a-f-]{36}$/);
  headers.splice(at, 2);
  return { ...a, headers, body };
}

async function sameAnswers(lane: TestApp, framework: TestApp, cases: fc.Arbitrary<Sent & { origin: string | undefined }>, runs: number): Promise<Set<number>> {
  const seen = new Set<number>();
  await fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const hostHeaders = (host: string): Record<string, string> => (c.origin === 'same' ? { origin: `http://${host}` } : {});
      const viaLane = await send(lane.url, c, hostHeaders);
      const viaFramework = await send(framework.url, c, hostHeaders);
      seen.add(viaLane.status);
      const id = c.headers['x-request-id'];
      expect(comparable(viaLane, id, new URL(lane.url).host)).toEqual(comparable(viaFramework, id, new URL(framework.url).host));
    }),
    { numRuns: runs },
  );
  return seen;
}

// One database for every instance here: each pair shares it, and instances start faster on a
// database whose catalog is already imported.
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('vmcs12_lane');
});
afterAll(() => db.drop());

describe('POST /convert: the lane below Fastify answers as Fastify does', () => {
  let lane: TestApp;
  let framework: TestApp;
  beforeAll(async () => {
    lane = await startTestApp({ database: db });
    framework = await startTestApp({ database: db, app: { lanes: false } });
  });
  afterAll(async () => {
    await lane.close();
    await framework.close();
  });

  it('gives the same status, headers and bytes for every request, and takes only the plain ones', async () => {
    const before = await laneCount(lane);
    const runs = 300;
    const seen = await sameAnswers(lane, framework, requests(fc.constant({})), runs);
    const taken = (await laneCount(lane)) - before;
    // Conversions, refusals by the converter (422), by the router (404), the gate (403, 415),
    // the query (400): the cases reach all of them.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 400, 403, 404, 415, 422]));
    expect(taken).toBeGreaterThan(runs / 6);
    expect(taken).toBeLessThan(runs);
    expect(Number.isNaN(await laneCount(framework))).toBe(true); // no lane, no counter
  });

  // The Fastify route answers such a request 400 into a closed socket and, the response never
  // finishing, records nothing; the lane records the 400 it would have answered.
  it('counts a body that never arrives whole as a 400 in the latency histogram', async () => {
    const count400 = async (t: TestApp): Promise<number> => {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      const m = /^http_request_duration_seconds_count\{method="POST",route="\/convert\/:from\/:to",status="400"\} (\d+)$/m.exec(text);
      return m ? Number(m[1]) : 0;
    };
    const before = await count400(lane);
    const taken = await laneCount(lane);
    const url = new URL(lane.url);
    const socket = connect(Number(url.port), url.hostname);
    await new Promise<void>((done) => socket.once('connect', () => done()));
    socket.write(`POST /convert/linux-v4.14/linux-v4.17-pinned HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/octet-stream\r\ncontent-length: 4096\r\n\r\n`);
    socket.write(Buffer.alloc(100));
    await pollUntil('the lane has taken the request', () => laneCount(lane), (n) => n === taken + 1);
    socket.destroy();
    await pollUntil(`the aborted request counted as 400 (${before} before)`, () => count400(lane), (n) => n === before + 1);
  });
});

describe('POST /convert with reads closed: the lane checks tokens as the gate does', () => {
  let lane: TestApp;
  let framework: TestApp;
  const env = { READS_OPEN: 'false', READ_TOKENS: 'r-secret', WRITE_TOKENS: 'w-secret' };
  beforeAll(async () => {
    lane = await startTestApp({ database: db, env });
    framework = await startTestApp({ database: db, env, app: { lanes: false } });
  });
  afterAll(async () => {
    await lane.close();
    await framework.close();
  });

  it('refuses and admits the same requests, with the same answers', async () => {
    const before = await laneCount(lane, 'Bearer r-secret');
    const authorization = fc.constantFrom('Bearer r-secret', 'Bearer w-secret', 'bearer r-secret ', 'Bearer wrong', 'Basic cjpyLXNlY3JldA==', '').map((a): Record<string, string> => (a === '' ? {} : { authorization: a }));
    const seen = await sameAnswers(lane, framework, requests(authorization), 120);
    expect([...seen]).toEqual(expect.arrayContaining([200, 401]));
    expect((await laneCount(lane, 'Bearer r-secret')) - before).toBeGreaterThan(0);
  });
});

describe('POST /convert under the rate limit: the lane takes one token per request it answers', () => {
  let lane: TestApp;
  let framework: TestApp;
  beforeAll(async () => {
    // 12 a minute: a burst of 2, one more token every 5 s.
    lane = await startTestApp({ database: db, env: { RATE_LIMIT_PER_MINUTE: '12' } });
    framework = await startTestApp({ database: db, env: { RATE_LIMIT_PER_MINUTE: '12' }, app: { lanes: false } });
  });
  afterAll(async () => {
    await lane.close();
    await framework.close();
  });

  it('answers a burst, then 429 from the gate, as Fastify alone does', async () => {
    const layout = catalogLayout('linux-v4.14');
    const blob = Buffer.alloc(layout.size);
    blob.writeUInt32LE(layout.revision, 0);
    const plain: Sent = { method: 'POST', path: '/convert/linux-v4.14/linux-v4.17-pinned', headers: { 'content-type': 'application/octet-stream' }, body: blob, chunked: false };
    for (const t of [lane, framework]) {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const a = await send(t.url, plain);
        statuses.push(a.status);
        if (a.status === 429) {
          expect(a.headers).toContain('retry-after');
        }
      }
      expect(statuses).toEqual([200, 200, 429, 429]);
    }
    expect(await laneCount(lane)).toBe(2);
  });
});

describe('POST /convert when the body is too slow: the lane records the 408 the client got', () => {
  let lane: TestApp;
  beforeAll(async () => {
    lane = await startTestApp({ database: db, app: { timeouts: { headersMs: 400, requestMs: 400 } } });
  });
  afterAll(() => lane.close());

  it('answers 408 and counts it as 408', async () => {
    const url = new URL(lane.url);
    const socket = connect(Number(url.port), url.hostname);
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.write(`POST /convert/linux-v4.14/linux-v4.17-pinned HTTP/1.1\r\nHost: ${url.host}\r\ncontent-type: application/octet-stream\r\ncontent-length: 4096\r\n\r\n`);
    socket.write(Buffer.alloc(100));
    await closed;
    expect(received.split('\r\n')[0]).toBe('HTTP/1.1 408 Request Timeout');
    const text = await (await fetch(`${lane.url}/metrics`)).text();
    expect(text).toMatch(/^http_request_duration_seconds_count\{method="POST",route="\/convert\/:from\/:to",status="408"\} 1$/m);
    expect(text).toMatch(/^vmcs12_http_lane_requests_total\{lane="raw-convert"\} 1$/m);
  });
});
