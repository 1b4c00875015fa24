import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { startHardeningApp } from '../hardening/support/hardening-app';
import type { HardeningApp } from '../hardening/support/hardening-app';
import { isTrue, pollUntil } from '../../support/poll-until';

// Connections are let go: the limits shortened so each runs in a second or two. Every wait is
// a poll with a generous deadline, never a race.
jest.setTimeout(90_000);

async function eventually(what: string, check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  await pollUntil(what, check, isTrue, { timeoutMs: ms, intervalMs: 100 });
}

function rawSocket(port: number, request: string): Promise<{ socket: Socket; data: () => string }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request);
      resolve({ socket, data: () => text });
    });
    socket.on('data', (c: Buffer) => (text += c.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => (text += '\n[closed]'));
    socket.once('error', reject);
  });
}

describe('graphql-ws: idle, dead and greedy connections', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ wsLimits: { initTimeoutMs: 500, pingIntervalMs: 300, subscriptionsPerSocket: 2, sockets: { perClient: 1, total: 10 } } });
  });
  afterAll(() => t.close());

  const wsUrl = (): string => `${t.url.replace('http', 'ws')}/graphql`;
  const canOpen = (): Promise<boolean> =>
    new Promise((resolve) => {
      const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
      ws.on('unexpected-response', () => resolve(false));
      ws.on('open', () => ws.close());
      ws.on('close', () => resolve(true));
      ws.on('error', () => resolve(false));
    });

  it('closes a socket that sends no connection_init with 4408', async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
      ws.on('close', (c) => resolve(c));
    });
    expect(code).toBe(4408);
  });

  it('cuts a peer that stops answering pings, which frees its socket slot', async () => {
    // A hand-made upgrade whose client never reads again, so it answers no ping.
    const dead = await rawSocket(
      t.port,
      `GET /graphql HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n`,
    );
    await eventually('the upgrade', async () => dead.data().startsWith('HTTP/1.1 101'));
    // connection_init (masked, as a client must), so only the missing pongs can end it.
    const payload = Buffer.from(JSON.stringify({ type: 'connection_init' }));
    const mask = Buffer.from([1, 2, 3, 4]);
    dead.socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, Buffer.from(payload.map((b, i) => b ^ (mask[i % 4] as number)))]));
    dead.socket.pause();
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
      ws.on('unexpected-response', (_q, res) => resolve(`http ${res.statusCode}`));
      ws.on('open', () => resolve('open'));
      ws.on('error', () => undefined);
    });
    expect(refused).toBe('http 429');
    await eventually('the dead peer to be cut and its slot freed', async () => {
      const outcome = await new Promise<string>((resolve) => {
        const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
        ws.on('unexpected-response', (_q, res) => resolve(`http ${res.statusCode}`));
        ws.on('open', () => {
          resolve('open');
          ws.close();
        });
        ws.on('error', () => resolve('error'));
      });
      return outcome === 'open';
    });
    dead.socket.destroy();
  });

  it('closes a connection that opens more subscriptions than its cap with 4429', async () => {
    // The previous test's socket may still be closing: its slot comes free when it has.
    await eventually('a free socket slot', async () => (await fetch(`${t.url}/health/live`)).ok && (await canOpen()));
    const closed = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
      ws.on('open', () => ws.send(JSON.stringify({ type: 'connection_init' })));
      ws.on('message', (data) => {
        if ((JSON.parse(data.toString()) as { type: string }).type === 'connection_ack') {
          for (const id of ['1', '2', '3']) {
            ws.send(JSON.stringify({ type: 'subscribe', id, payload: { query: 'subscription { eventAppended { position } }' } }));
          }
        }
      });
      ws.on('close', (code) => resolve(code));
      ws.on('error', () => undefined);
    });
    expect(closed).toBe(4429);
  });

  it('frees a subscription slot when the server ends the subscription, not only when the client does', async () => {
    await eventually('a free socket slot', async () => (await fetch(`${t.url}/health/live`)).ok && (await canOpen()));
    // Three subscriptions the server refuses with `error` (cap 2), then a real one: before the
    // fix the ids the server had ended still counted, and the socket was cut with 4429.
    const ws = new WebSocket(wsUrl(), 'graphql-transport-ws');
    const seen: { type: string; id?: string }[] = [];
    let closedWith: number | undefined;
    ws.on('message', (data) => seen.push(JSON.parse(data.toString()) as { type: string; id?: string }));
    ws.on('close', (code) => (closedWith = code));
    ws.on('error', () => undefined);
    await new Promise((resolve) => ws.on('open', resolve));
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await eventually('connection_ack', async () => seen.some((m) => m.type === 'connection_ack'));
    for (const id of ['bad1', 'bad2', 'bad3']) {
      ws.send(JSON.stringify({ type: 'subscribe', id, payload: { query: 'subscription { noSuchField }' } }));
      await eventually(`the server's error for ${id}`, async () => seen.some((m) => m.type === 'error' && m.id === id));
    }
    ws.send(JSON.stringify({ type: 'subscribe', id: 'live', payload: { query: 'subscription { eventAppended { position } }' } }));
    // An event the live subscription must deliver: the socket is open and the subscription works.
    await eventually('the alias to be recorded', async () => {
      const res = await fetch(`${t.url}/aliases`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'slot_a', to: 'slot_b' }) });
      return res.status === 201 || res.status === 200;
    });
    await eventually('the live subscription to receive the event', async () => seen.some((m) => m.type === 'next' && m.id === 'live'));
    expect(closedWith).toBeUndefined();
    ws.close();
  });
});

describe('a request whose body never finishes', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    // The handler deadline is shorter than the body's: before the fix the client got 503 at the
    // handler deadline, then 408 on the same connection.
    t = await startHardeningApp({ timeouts: { headersMs: 1000, requestMs: 1500, handlerMs: 300 } });
  });
  afterAll(() => t.close());

  it('gets exactly one response, 408', async () => {
    const body = JSON.stringify({ from: 'stall_a', to: 'stall_b' });
    const client = await rawSocket(t.port, `POST /aliases HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    await eventually('the connection to close', async () => client.data().endsWith('[closed]'));
    const statuses = client.data().match(/HTTP\/1\.1 \d{3}/g);
    expect(statuses).toEqual(['HTTP/1.1 408']);
  });
});

// A client that stops reading /events/stream is dropped, which frees its stream slot (one per
// address here). Ten layouts whose C carries a mebibyte of comment make the log far larger than
// what loopback socket buffers hold for a reader that reads nothing, so the server meets a full
// socket whatever the kernel's buffer sizes.
const PADDED_SOURCE = `/* ${'.'.repeat(1_000_000)} */\n#define VMCS12_REVISION 0x0badcafe\n#define VMCS12_SIZE 0x1000\nstruct __packed vmcs12 { u32 revision_id; u32 abort; u64 io_bitmap_a; };\n`;

describe.each([
  ['lets more than bufferBytes pile up', { bufferBytes: 1, slowClientMs: 600_000 }],
  ['does not drain within slowClientMs', { bufferBytes: 1024 ** 3, slowClientMs: 500 }],
])('an event stream client that %s', (_what, limits) => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp({ sseLimits: { ...limits, keepAliveMs: 600_000, pageSize: 20, streams: { perClient: 1, total: 10 } } });
    for (let n = 0; n < 10; n++) {
      const res = await fetch(`${t.url}/layouts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: `padded-${n}`, lineage: `padded-${n}`, branchesFrom: null, format: 'c', source: PADDED_SOURCE }),
      });
      expect(`${res.status} ${await res.text()}`).toMatch(/^201/);
    }
  });
  afterAll(() => t.close());

  const streamStatus = async (): Promise<number> => {
    const abort = new AbortController();
    const res = await fetch(`${t.url}/events/stream?after=0`, { signal: abort.signal });
    abort.abort();
    return res.status;
  };

  it('is dropped, and its slot comes free', async () => {
    // It stops reading at its first chunk, in the data handler itself: a client paused only
    // when a poll noticed the stream had started could have read the whole log by then (it
    // did, on a busy machine), and a client that read everything is never slow.
    const slow = await new Promise<{ socket: Socket; head: string }>((resolve, reject) => {
      const socket = connect(t.port, '127.0.0.1', () => socket.write('GET /events/stream?after=0 HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.once('data', (chunk: Buffer) => {
        socket.pause(); // reads nothing more: the kernel's buffers fill, then the server's
        resolve({ socket, head: chunk.toString('latin1') });
      });
      socket.once('error', reject);
    });
    expect(slow.head).toMatch(/^HTTP\/1\.1 200/);
    await eventually('the slow client to be dropped and its slot freed', async () => (await streamStatus()) === 200);
    slow.socket.destroy();
  });
});
