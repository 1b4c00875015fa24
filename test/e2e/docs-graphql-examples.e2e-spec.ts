import { once } from 'node:events';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WebSocket as WsSocket } from 'ws';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { isTrue, pollUntil } from '../support/poll-until';

// Every GraphQL example a user can copy from README.md and docs/*.md runs against the service
// as written: queries and mutations over HTTP without errors, subscriptions over graphql-ws
// delivering an event with data. An example that drifts from the schema fails here, not in a
// user's terminal. Only placeholders (<base64>) are filled in.

const WebSocketImpl = require('ws') as new (url: string, protocols: string[]) => WsSocket;
const ROOT = join(__dirname, '..', '..');
const FILES = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join('docs', f))];

interface Example {
  file: string;
  kind: 'query' | 'mutation' | 'subscription';
  text: string;
}

// Each top-level operation of each ```graphql block, comments removed.
function examples(): Example[] {
  const out: Example[] = [];
  for (const file of FILES) {
    const md = readFileSync(join(ROOT, file), 'utf8');
    for (const block of md.matchAll(/^```graphql\n([\s\S]*?)^```$/gm)) {
      const text = (block[1] as string).replace(/#.*$/gm, '');
      let depth = 0;
      let start = 0;
      for (let i = 0; i < text.length; i++) {
        const c = text[i];
        depth += c === '{' ? 1 : c === '}' ? -1 : 0;
        if (c === '}' && depth === 0) {
          const op = text.slice(start, i + 1).trim();
          const kind = /^(mutation|subscription)\b/.exec(op)?.[1] ?? 'query';
          out.push({ file, kind: kind as Example['kind'], text: op });
          start = i + 1;
        }
      }
    }
  }
  return out;
}

// A blob of the mutation's `from` layout: its revision id and nothing else.
function withPlaceholders(text: string, revisionOf: (name: string) => number): string {
  const from = /from:\s*"([^"]+)"/.exec(text)?.[1] ?? 'linux-v4.14';
  const blob = Buffer.alloc(4096);
  blob.writeUInt32LE(revisionOf(from), 0);
  return text.replace(/<base64>/g, blob.toString('base64'));
}

describe('GraphQL examples in the docs run as written', () => {
  let t: TestApp;
  let revisions: Map<string, number>;
  beforeAll(async () => {
    t = await startTestApp();
    const layouts = (await (await fetch(`${t.url}/layouts`)).json()) as Array<{ name: string; revision: string }>;
    revisions = new Map(layouts.map((l) => [l.name, Number(l.revision)]));
  });
  afterAll(() => t.close());

  const found = examples();
  it('finds the examples', () => {
    expect(found.map((e) => e.kind)).toEqual(expect.arrayContaining(['query', 'mutation', 'subscription']));
  });

  it.each(found.filter((e) => e.kind !== 'subscription').map((e) => [`${e.file}: ${e.text.slice(0, 60)}`, e] as const))('%s', async (_what, e) => {
    const query = withPlaceholders(e.text, (name) => revisions.get(name) ?? 0);
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
    const body = (await res.json()) as { data?: unknown; errors?: unknown };
    expect({ status: res.status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    expect(body.data).toEqual(expect.any(Object));
  });

  it.each(found.filter((e) => e.kind === 'subscription').map((e) => [`${e.file}: ${e.text.slice(0, 60)}`, e] as const))('%s', async (_what, e) => {
    const ws = new WebSocketImpl(`${t.url.replace(/^http/, 'ws')}/graphql`, ['graphql-transport-ws']);
    const received: Array<{ type: string; payload?: { data?: Record<string, Record<string, unknown>> } }> = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString('utf8')) as (typeof received)[number]));
    await once(ws, 'open');
    ws.send(JSON.stringify({ type: 'connection_init' }));
    await pollUntil('connection_ack', () => received.some((m) => m.type === 'connection_ack'), isTrue, { timeoutMs: 15_000, intervalMs: 20 });
    ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: e.text } }));
    // Something to deliver: an annotation is an event. The subscription is live some time after
    // `subscribe`, which the protocol does not acknowledge: annotate until one arrives.
    const delivered = (): boolean => received.some((m) => m.type === 'next' || m.type === 'error');
    for (let i = 0; i < 30 && !delivered(); i++) {
      const annotated = await fetch(`${t.url}/layouts/linux-v4.14/annotations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ notes: `docs example ${i}` }) });
      expect(annotated.status).toBe(200);
      await pollUntil('a delivery', delivered, isTrue, { timeoutMs: 1000, intervalMs: 20 }).catch(() => undefined);
    }
    ws.terminate();
    const next = received.find((m) => m.type === 'next' || m.type === 'error');
    expect(next?.type).toBe('next');
    const fields = Object.values(next?.payload?.data ?? {})[0] ?? {};
    expect(Object.keys(fields).length).toBeGreaterThan(0);
  });
});
