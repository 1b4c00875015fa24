import { connect } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import { APPEND_LOCK_ID, APPEND_LOCK_NAMESPACE } from '../../../src/infra/event-store/event-rows';
import { logState } from './support/event-log';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';
import { pollUntil } from '../../support/poll-until';

jest.setTimeout(60_000);

const SOURCE = 'struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x0000713e\n';

interface RawResponse {
  status: number;
  body: Record<string, unknown>;
  ms: number;
}

// Writes `sent` on a raw socket and never finishes the request: what a slow or stalled client
// does. Resolves with the server's answer when it closes the connection.
function stall(port: number, sent: string): Promise<RawResponse> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(sent));
    const parts: Buffer[] = [];
    socket.on('data', (c: Buffer) => parts.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const text = Buffer.concat(parts).toString('utf8');
      const m = /^HTTP\/1\.1 (\d{3}) [^\r]*\r\n[\s\S]*?\r\n\r\n([\s\S]*)$/.exec(text);
      if (!m) {
        reject(new Error(`no HTTP response: ${JSON.stringify(text)}`));
        return;
      }
      resolve({ status: Number(m[1]), body: JSON.parse(m[2] ?? '') as Record<string, unknown>, ms: Date.now() - started });
    });
  });
}

describe('timeouts', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ timeouts: { headersMs: 600, requestMs: 1200, handlerMs: 1500 } });
  });
  afterAll(() => t.close());

  it('answers a client that stalls in its headers with 408', async () => {
    const res = await stall(t.port, 'GET /layouts HTTP/1.1\r\nHost: x\r\n');
    expect(res.status).toBe(408);
    expect(res.body).toEqual({ error: 'request_timeout', message: expect.stringMatching(/not received in time/) });
    expect(res.ms).toBeLessThan(5000);
  });

  it('answers a client that stalls in its body with 408, and appends nothing', async () => {
    const before = await logState(t.http);
    const body = JSON.stringify({ name: 'stalled', format: 'c', source: SOURCE });
    const res = await stall(t.port, `POST /layouts HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 20)}`);
    expect(res.status).toBe(408);
    expect(res.body.error).toBe('request_timeout');
    expect(await logState(t.http)).toEqual(before);
  });

  it('answers bytes that are not HTTP with 400', async () => {
    const res = await stall(t.port, 'HELLO THERE\r\n\r\n');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'bad_request', message: 'the request is not valid HTTP/1.1' });
  });

  it('answers headers over 16 KiB with 431', async () => {
    const res = await stall(t.port, `GET /layouts HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(17 * 1024)}\r\n\r\n`);
    expect(res.status).toBe(431);
    expect(res.body.error).toBe('headers_too_large');
  });

  // The append lock held by someone else (a long rebuild, say) keeps a registration waiting.
  it('answers a handler that takes too long with 503; the write may still land, and a retry with its key is idempotent', async () => {
    const blocker = new Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_NAMESPACE}, ${APPEND_LOCK_ID})`);
      const started = Date.now();
      const res = await request(t.http).post('/layouts').set('idempotency-key', 'slow-1').send({ name: 'slow-one', format: 'c', source: SOURCE }).expect(503);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(res.body).toEqual({ error: 'timeout', message: expect.stringMatching(/^no response within 1500 ms; a write may still complete/) });
      await blocker.query('COMMIT');
    } finally {
      await blocker.end();
    }
    const status = async (): Promise<number> => (await request(t.http).get('/layouts/slow-one')).status;
    await pollUntil('the slow registration to land', status, (s) => s === 200, { timeoutMs: 10_000, intervalMs: 100 });
    const retry = await request(t.http).post('/layouts').set('idempotency-key', 'slow-1').send({ name: 'slow-one', format: 'c', source: SOURCE });
    expect(retry.status).toBe(200);
    expect(retry.body.name).toBe('slow-one');
  });

  it('keeps answering quick requests normally', async () => {
    await request(t.http).get('/layouts/linux-v4.14').expect(200);
  });
});
