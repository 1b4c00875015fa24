import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { ownBuffer, parseRawBlob } from './raw-blob-parser';

// Fastify with only the raw parser, over real HTTP: what the convert route's body goes through.
async function server(received: Buffer[]): Promise<{ app: FastifyInstance; port: number }> {
  const app = Fastify({ bodyLimit: 8320 });
  app.addContentTypeParser('application/octet-stream', parseRawBlob);
  app.post('/blob', async (request) => {
    received.push(request.body as Buffer);
    return { length: (request.body as Buffer).length };
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, port: (app.server.address() as AddressInfo).port };
}

// Raw HTTP/1.1 on one connection, every request written before any answer is read (pipelined),
// so that later bytes arrive while earlier bodies are held by the handler.
function pipeline(port: number, requests: Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if ((text.match(/HTTP\/1\.1 /g) ?? []).length === requests.length && text.endsWith('}')) {
        socket.end();
        resolve(text);
      }
    });
    socket.on('error', reject);
    socket.write(Buffer.concat(requests));
  });
}

const post = (body: Buffer, headers = `Content-Length: ${body.length}\r\n`): Buffer =>
  Buffer.concat([Buffer.from(`POST /blob HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n${headers}\r\n`), body]);

describe('parseRawBlob', () => {
  let app: FastifyInstance;
  let port: number;
  const received: Buffer[] = [];
  beforeAll(async () => ({ app, port } = await server(received)));
  afterAll(() => app.close());
  beforeEach(() => {
    received.length = 0;
  });

  it('gives every request a body of its own: later reads on the connection never change an earlier body', async () => {
    const blobs = Array.from({ length: 40 }, (_, i) => randomBytes([4096, 8320, 1, 0, 4224][i % 5] as number));
    await pipeline(port, blobs.map((b) => post(b)));
    expect(received).toHaveLength(blobs.length);
    received.forEach((body, i) => expect(body.equals(blobs[i] as Buffer)).toBe(true));
    // No two bodies share memory.
    const memories = new Set(received.filter((b) => b.length > 0).map((b) => b.buffer));
    expect(memories.size).toBe(received.filter((b) => b.length > 0).length);
  });

  it('joins a chunked body, and refuses one over the limit (413)', async () => {
    const blob = randomBytes(5000);
    const chunked = Buffer.concat([
      Buffer.from('POST /blob HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n'),
      Buffer.from('7d0\r\n'),
      blob.subarray(0, 2000),
      Buffer.from('\r\nbb8\r\n'),
      blob.subarray(2000),
      Buffer.from('\r\n0\r\n\r\n'),
    ]);
    const answer = await pipeline(port, [chunked]);
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(received[0]?.equals(blob)).toBe(true);
    expect(await pipeline(port, [post(randomBytes(8321))])).toMatch(/^HTTP\/1\.1 413/);
  });
});

describe('ownBuffer', () => {
  it('keeps a chunk that spans its whole memory, and copies a view or several chunks', () => {
    const whole = Buffer.from(new ArrayBuffer(16));
    expect(ownBuffer([whole], 16)).toBe(whole);
    const view = Buffer.from(new ArrayBuffer(32), 8, 16);
    const copy = ownBuffer([view], 16);
    expect(copy).not.toBe(view);
    expect(copy.buffer).not.toBe(view.buffer);
    const joined = ownBuffer([Buffer.from([1]), Buffer.from([2, 3])], 3);
    expect([...joined]).toEqual([1, 2, 3]);
  });
});
