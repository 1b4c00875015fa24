import { request as httpRequest } from 'node:http';
import request from 'supertest';
import {
  LAYOUT_BODY_LIMIT,
  NESTED_STATE_MAX_BYTES,
  SMALL_BODY_LIMIT,
  SOURCE_MAX_BYTES,
  jsonBlobLimit,
  LAYOUT_SIZE_MAX_BYTES,
} from '../../../src/modules/limits/body-limits';
import { nestedState } from '../../support/nested-state-factory';
import { logState } from './support/event-log';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';

jest.setTimeout(60_000);

const V414 = 0x11e57ed0; // linux-v4.14's revision id
const CONVERT = '/convert/linux-v4.14/linux-v4.17-pinned';
const SOURCE = 'struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x0000b0d1\n';

// C text padded with a comment to exactly `bytes` bytes.
function sourceOf(bytes: number): string {
  const open = '/* ';
  const close = ' */\n';
  return open + 'x'.repeat(bytes - SOURCE.length - open.length - close.length) + close + SOURCE;
}

function octets(path: string, body: Buffer): request.Test {
  return request(path).post('').set('content-type', 'application/octet-stream').send(body);
}

// A body without Content-Length (chunked): the limit must hold while the bytes arrive.
function chunked(url: string, path: string, contentType: string, total: number): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType, 'transfer-encoding': 'chunked' } }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(parts).toString('utf8')) as Record<string, unknown> }));
    });
    req.on('error', (err) => (/EPIPE|ECONNRESET/.test(String(err)) ? undefined : reject(err)));
    for (let sent = 0; sent < total; sent += 16384) {
      req.write(Buffer.alloc(Math.min(16384, total - sent), 0x41));
    }
    req.end();
  });
}

describe('request body limits', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t.close());

  describe('POST /layouts', () => {
    it('registers C text of exactly 1 MiB', async () => {
      const source = sourceOf(SOURCE_MAX_BYTES);
      expect(Buffer.byteLength(source)).toBe(SOURCE_MAX_BYTES);
      await request(t.http).post('/layouts').send({ name: 'one-mebibyte', format: 'c', source }).expect(201);
    });

    it('refuses one byte more with 413 naming the limit, and appends nothing', async () => {
      const before = await logState(t.http);
      const res = await request(t.http).post('/layouts').send({ name: 'too-big', format: 'c', source: sourceOf(SOURCE_MAX_BYTES + 1) }).expect(413);
      expect(res.body).toEqual({ error: 'payload_too_large', message: 'source is 1048577 bytes of C text; the limit is 1048576 bytes (1 MiB)' });
      expect(await logState(t.http)).toEqual(before);
    });

    it('counts the limit in UTF-8 bytes, not characters', async () => {
      const source = sourceOf(SOURCE_MAX_BYTES - 1000).replace('/* ', `/* ${'é'.repeat(600)}`);
      const res = await request(t.http).post('/layouts').send({ name: 'accented', format: 'c', source }).expect(413);
      expect(res.body.message).toMatch(/^source is 1048\d{3} bytes of C text/);
    });

    it('refuses a body over 17 MiB (a BTF module and base in base64, and the rest) before parsing it', async () => {
      const res = await request(t.http).post('/layouts').send({ name: 'huge', format: 'c', source: 'x'.repeat(LAYOUT_BODY_LIMIT) }).expect(413);
      expect(res.body).toEqual({ error: 'payload_too_large', message: expect.stringMatching(/^POST \/layouts accepts a body of at most 17825792 bytes \(17 MiB\); this one is 17825\d{3} bytes$/) });
    });
  });

  it.each([
    ['/layouts/linux-v4.14/deprecate', { reason: 'r'.repeat(SMALL_BODY_LIMIT) }],
    ['/layouts/linux-v4.14/annotations', { notes: 'n'.repeat(SMALL_BODY_LIMIT) }],
    ['/aliases', { from: 'a'.repeat(SMALL_BODY_LIMIT), to: 'b' }],
  ])('caps POST %s at 64 KiB', async (path, body) => {
    const res = await request(t.http).post(path).send(body).expect(413);
    expect(res.body.message).toMatch(/accepts a body of at most 65536 bytes \(64 KiB\)/);
  });

  it('caps PUT /policy at 64 KiB', async () => {
    const body = { mode: 'none', padding: 'p'.repeat(SMALL_BODY_LIMIT) };
    const res = await request(t.http).put('/policy').send(body).expect(413);
    const length = JSON.stringify(body).length;
    expect(res.body.message).toBe(`PUT /policy accepts a body of at most 65536 bytes (64 KiB); this one is ${length} bytes`);
  });

  describe('POST /convert', () => {
    it('takes a whole kvm_nested_state of 8320 bytes raw', async () => {
      const state = Buffer.from(nestedState({ revision: V414 }).buffer.slice(0));
      const full = Buffer.concat([state, Buffer.alloc(NESTED_STATE_MAX_BYTES - state.length)]);
      full.writeUInt32LE(NESTED_STATE_MAX_BYTES, 4);
      full.writeUInt32LE((V414 | 0x80000000) >>> 0, 128 + 4096);
      const res = await request(t.url).post(`${CONVERT}?container=nested-state`).set('content-type', 'application/octet-stream').send(full);
      expect(res.status).toBe(200);
      expect(res.body).toHaveLength(NESTED_STATE_MAX_BYTES);
    });

    it('lets a wrong size up to the container limit reach the converter, which names the size it expected', async () => {
      const res = await octets(`${t.url}${CONVERT}`, Buffer.alloc(NESTED_STATE_MAX_BYTES)).expect(422);
      expect(res.body).toMatchObject({ error: 'invalid_blob', expected: 4096, actual: NESTED_STATE_MAX_BYTES });
    });

    it('refuses one byte over 8320 raw with 413 from Content-Length', async () => {
      const res = await octets(`${t.url}${CONVERT}`, Buffer.alloc(NESTED_STATE_MAX_BYTES + 1)).expect(413);
      expect(res.body).toEqual({
        error: 'payload_too_large',
        message: 'a raw blob for this conversion is at most 8320 bytes (a linux-v4.14 blob is 4096 bytes; a kvm_nested_state up to 8320); this one is 8321 bytes',
      });
    });

    it('takes base64 JSON up to the limit for the same blob, and refuses one byte more', async () => {
      const blob = Buffer.alloc(4096);
      blob.writeUInt32LE(V414, 0);
      const limit = jsonBlobLimit(NESTED_STATE_MAX_BYTES);
      const json = (length: number): string => {
        const core = `{"blob": "${blob.toString('base64')}"`;
        return `${core}${' '.repeat(length - core.length - 1)}}`;
      };
      await request(t.http).post(CONVERT).set('content-type', 'application/json').send(json(limit)).expect(200);
      const res = await request(t.http).post(CONVERT).set('content-type', 'application/json').send(json(limit + 1)).expect(413);
      expect(res.body.message).toBe(`a JSON body ({"blob": base64}) for this conversion is at most ${limit} bytes (a linux-v4.14 blob is 4096 bytes; a kvm_nested_state up to 8320); this one is ${limit + 1} bytes`);
    });

    it('follows a larger layout: a 16 KiB blob converts', async () => {
      const fields = [
        { name: 'revision_id', type: 'u32', offset: 0 },
        { name: 'wide', type: 'u64', count: 2000, offset: 8 },
      ];
      await request(t.http).post('/layouts').send({ name: 'sixteen-k', format: 'json', revision: '0x00001600', size: 16384, fields }).expect(201);
      const blob = Buffer.alloc(16384);
      blob.writeUInt32LE(0x1600, 0);
      await octets(`${t.url}/convert/sixteen-k/sixteen-k`, blob).expect(200);
      await octets(`${t.url}/convert/sixteen-k/sixteen-k`, Buffer.alloc(16385)).expect(413);
    });

    it('bounds a chunked body by the largest layout the API allows', async () => {
      const res = await chunked(t.url, CONVERT, 'application/octet-stream', jsonBlobLimit(LAYOUT_SIZE_MAX_BYTES) + 1);
      expect(res).toEqual({
        status: 413,
        body: { error: 'payload_too_large', message: `POST /convert/:from/:to accepts a body of at most ${jsonBlobLimit(LAYOUT_SIZE_MAX_BYTES)} bytes; this one exceeds that` },
      });
    });
  });

  describe('what is not a size problem stays a 4xx of its own', () => {
    it('answers a body without a content type with 415', async () => {
      const res = await request(t.http).post('/layouts').set('content-type', '').send(Buffer.from('{}')).expect(415);
      expect(res.body).toEqual({ error: 'unsupported_media_type', message: expect.stringMatching(/send application\/json/) });
    });

    it('answers a URL parameter over 100 characters with 414', async () => {
      const res = await request(t.http).get(`/layouts/${'a'.repeat(101)}`).expect(414);
      expect(res.body).toEqual({ error: 'uri_too_long', message: expect.any(String) });
    });

    it('answers a malformed percent-encoding with 400', async () => {
      const res = await request(t.http).get('/layouts/%E0%A4%A').expect(400);
      expect(res.body).toEqual({ error: 'bad_request', message: expect.stringMatching(/URL is not valid/) });
    });
  });
});
