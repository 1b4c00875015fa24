import { once } from 'node:events';
import type { WebSocket as WsSocket } from 'ws';
import { logState } from './hardening/support/event-log';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { isTrue, pollUntil } from '../support/poll-until';

// The contract's small print, tried as a user would: flags that accept only what they say,
// an Idempotency-Key that names one request, errors that name the member at fault, and
// GraphQL subscriptions refused where they cannot run.

// ws ships no types here.
const WebSocketImpl = require('ws') as new (url: string, protocols: string[]) => WsSocket;

const SOURCE = (revision: string): string => `struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n\tu64 io_bitmap_a;\n};\n#define VMCS12_REVISION ${revision}\n`;
const BLOB = (): Buffer => {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(0x11e57ed0, 0);
  return b;
};

describe('contract details', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const send = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> => {
    const raw = Buffer.isBuffer(body);
    const res = await fetch(`${t.url}${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': raw ? 'application/octet-stream' : 'application/json' }), ...headers },
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: res.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Record<string, unknown>) : { text } };
  };

  describe('flags are true or false', () => {
    it.each([['TRUE'], ['1'], ['yes'], ['true&strict=true'], ['false&strict=true'], ['']])('POST /convert?strict=%s is a 400 naming strict', async (value) => {
      const res = await send('POST', `/convert/linux-v4.14/linux-v4.17-pinned?strict=${value}`, BLOB());
      expect(res).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_input', field: 'strict' }) });
    });

    it.each([['true'], ['false']])('POST /convert?strict=%s converts', async (value) => {
      expect((await send('POST', `/convert/linux-v4.14/linux-v4.17-pinned?strict=${value}`, BLOB())).status).toBe(200);
    });

    it('GET /layouts?deprecated= takes true or false only', async () => {
      expect(await send('GET', '/layouts?deprecated=yes')).toEqual({ status: 400, body: expect.objectContaining({ field: 'deprecated' }) });
      expect((await send('GET', '/layouts?deprecated=false')).status).toBe(200);
    });

    it.each([['/compat?layouts=linux-v4.4&layouts=linux-v4.14', 'layouts'], ['/layouts?revision=0x11e57ed0&revision=0x1', 'revision'], ['/convert/linux-v4.14/linux-v4.4?container=nested-state&container=nested-state', 'container']])(
      'a parameter given twice (%s) is a 400 naming it',
      async (path, field) => {
        const res = await send(path.startsWith('/convert') ? 'POST' : 'GET', path, path.startsWith('/convert') ? BLOB() : undefined);
        expect(res).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_input', field }) });
      },
    );
  });

  describe('an Idempotency-Key names one request', () => {
    it('replays the same request, and refuses another one with the same key with 422 naming the key, appending nothing', async () => {
      const first = await send('POST', '/layouts', { name: 'idem-a', source: SOURCE('0x00a0a0a0') }, { 'idempotency-key': 'key-1' });
      expect(first.status).toBe(201);
      const again = await send('POST', '/layouts', { name: 'idem-a', source: SOURCE('0x00a0a0a0') }, { 'idempotency-key': 'key-1' });
      expect(again).toEqual({ status: 200, body: expect.objectContaining({ name: 'idem-a' }) });
      const log = await logState(t.http);
      for (const other of [
        { name: 'idem-b', source: SOURCE('0x00b0b0b0') }, // a new layout: was answered 404 while nothing was registered
        { name: 'linux-v4.14', source: SOURCE('0x00c0c0c0') }, // a name taken with other content
      ]) {
        const res = await send('POST', '/layouts', other, { 'idempotency-key': 'key-1' });
        expect(res).toEqual({ status: 422, body: expect.objectContaining({ error: 'idempotency_key_reused', field: 'Idempotency-Key', key: 'key-1' }) });
        expect(String(res.body.message)).toContain('"key-1"');
      }
      const deprecate = await send('POST', '/layouts/idem-a/deprecate', { reason: 'x' }, { 'idempotency-key': 'key-1' });
      expect(deprecate.status).toBe(422);
      expect(await logState(t.http)).toEqual(log);
    });

    it('refuses a reused key over GraphQL too', async () => {
      const mutation = 'mutation ($n: String!, $s: String!) { registerLayout(input: {name: $n, source: $s}) { created } }';
      const headers = { 'idempotency-key': 'gql-key-7' };
      expect((await send('POST', '/graphql', { query: mutation, variables: { n: 'idem-g', s: SOURCE('0x00d0d0d0') } }, headers)).body).toEqual({ data: { registerLayout: { created: true } } });
      const reused = await send('POST', '/graphql', { query: mutation, variables: { n: 'idem-h', s: SOURCE('0x00e0e0e0') } }, headers);
      expect((reused.body.errors as Array<{ extensions: Record<string, unknown> }>)[0]?.extensions).toEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', error: 'idempotency_key_reused', key: 'gql-key-7' }),
      );
    });
  });

  describe('alias errors name the member at fault', () => {
    it.each([
      [{ from: 'ok_name', to: 'not an identifier' }, 'to'],
      [{ from: 'not an identifier', to: 'ok_name' }, 'from'],
      [{ from: 'ok_name' }, 'to'],
      [{ to: 'ok_name' }, 'from'],
    ])('POST /aliases %j names %s', async (body, field) => {
      expect(await send('POST', '/aliases', body)).toEqual({ status: 400, body: expect.objectContaining({ error: 'invalid_input', field }) });
    });
  });

  describe('subscriptions run over WebSocket only', () => {
    it.each([['POST'], ['GET']])('a subscription sent with %s is a 400 that says to use WebSocket', async (method) => {
      const query = 'subscription { eventAppended { position } }';
      const res =
        method === 'POST'
          ? await send('POST', '/graphql', { query })
          : await send('GET', `/graphql?query=${encodeURIComponent(query)}`);
      expect(res.status).toBe(400);
      const errors = res.body.errors as Array<{ message: string; extensions: Record<string, unknown> }>;
      expect(errors[0]?.message).toMatch(/WebSocket/);
      expect(errors[0]?.extensions.code).not.toMatch(/INTERNAL/);
    });

    const connect = async (): Promise<{ ws: WsSocket; received: string[] }> => {
      const ws = new WebSocketImpl(`${t.url.replace(/^http/, 'ws')}/graphql`, ['graphql-transport-ws']);
      const received: string[] = [];
      ws.on('message', (data: Buffer) => received.push(data.toString('utf8')));
      await once(ws, 'open');
      ws.send(JSON.stringify({ type: 'connection_init' }));
      await pollUntil('connection_ack', () => received.some((m) => m.includes('connection_ack')), isTrue, { intervalMs: 20 });
      return { ws, received };
    };

    it('validates a subscription like a query: a misspelled field is an error, not empty events', async () => {
      const { ws, received } = await connect();
      ws.send(JSON.stringify({ id: 's1', type: 'subscribe', payload: { query: 'subscription { eventAppended { positon type } }' } }));
      await pollUntil('a reply after the ack', () => received.length, (n) => n > 1, { intervalMs: 20 });
      ws.terminate();
      const reply = JSON.parse(received[1] as string) as { type: string; id: string; payload: Array<{ message: string; extensions?: { code?: string } }> };
      expect(reply).toEqual({ type: 'error', id: 's1', payload: [expect.objectContaining({ message: expect.stringContaining('Cannot query field "positon"') })] });
      expect(reply.payload[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('refuses an AST object as a graphql-ws query without leaking a TypeError', async () => {
      const { ws, received } = await connect();
      const ast = { kind: 'Document', definitions: [{ kind: 'OperationDefinition', operation: 'subscription', selectionSet: { kind: 'SelectionSet', selections: [] } }] };
      const closed = once(ws, 'close');
      ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: ast } }));
      const outcome = await Promise.race([closed.then(([code, reason]) => `close ${String(code)} ${String(reason)}`), pollUntil('a reply after the ack', () => received.length, (n) => n > 1, { intervalMs: 20 }).then(() => received.slice(1).join('\n'))]);
      ws.terminate();
      expect(outcome).not.toMatch(/TypeError|Cannot read|undefined is not|is not a function/);
      expect(outcome).toMatch(/query|4400/i);
    });
  });
});
