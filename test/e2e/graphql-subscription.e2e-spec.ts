import { createClient } from 'graphql-ws';
import type { Client } from 'graphql-ws';
import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { isTrue, pollUntil } from '../support/poll-until';

// eventAppended over graphql-ws (the graphql-transport-ws protocol) on /graphql, fed by the
// Postgres LISTEN feed: two instances on one database each deliver every event, whichever
// instance appended it.

// ws ships no types here; graphql-ws only needs a WebSocket constructor.
const WebSocketImpl: unknown = require('ws');

interface Appended {
  position: number;
  type: string;
  stream: string;
  hash: string;
  data: { name?: string; from?: string; reason?: string };
}

class Subscriber {
  readonly events: Appended[] = [];
  readonly errors: unknown[] = [];
  private readonly client: Client;
  private readonly dispose: () => void;

  constructor(url: string) {
    this.client = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocketImpl, retryAttempts: 0 });
    this.dispose = this.client.subscribe<{ eventAppended: Appended }>(
      { query: 'subscription { eventAppended { position type stream hash data } }' },
      {
        next: (result) => {
          if (result.data) {
            this.events.push(result.data.eventAppended);
          } else {
            this.errors.push(result.errors);
          }
        },
        error: (err) => this.errors.push(err),
        complete: () => undefined,
      },
    );
  }

  waitFor(what: string, found: (e: Appended) => boolean, timeoutMs = 15_000): Promise<Appended> {
    return pollUntil(what, () => this.events.find(found), (hit) => hit !== undefined, {
      timeoutMs,
      intervalMs: 25,
      context: () => `received ${JSON.stringify(this.events.map((e) => e.type))}, errors ${JSON.stringify(this.errors)}`,
    });
  }

  async close(): Promise<void> {
    this.dispose();
    await this.client.dispose();
  }
}

const SOURCE = `struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n\tu64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x00abcdef\n`;

describe('eventAppended across two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  let onA: Subscriber;
  let onB: Subscriber;
  let headAtStart: number;

  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ database: a.databaseUrl });
    headAtStart = ((await request(a.http).get('/events/verify').expect(200)).body as { events: number }).events;
    onA = new Subscriber(a.url);
    onB = new Subscriber(b.url);
    // A subscription starts at the head it reads once it is set up; until both are, keep
    // appending (renames through REST) so that "set up" is observed, not guessed with a sleep.
    let i = 0;
    const delivered = async (): Promise<boolean> => {
      if (onA.events.length > 0 && onB.events.length > 0) {
        return true;
      }
      await request(b.http).post('/aliases').send({ from: `warm_up_${i}`, to: `warm_up_${i}_renamed` }).expect(201);
      i++;
      return false;
    };
    await pollUntil('both subscriptions to deliver a warm-up rename', delivered, isTrue, {
      timeoutMs: 20_000,
      intervalMs: 100,
      context: () => `errors ${JSON.stringify([onA.errors, onB.errors])}`,
    });
  });
  afterAll(async () => {
    await onA?.close();
    await onB?.close();
    await b?.close();
    await a?.close();
  });

  it('starts from the head at subscription time: nothing appended before is replayed', () => {
    expect(onA.events[0]?.position).toBeGreaterThan(headAtStart);
    expect(onB.events[0]?.position).toBeGreaterThan(headAtStart);
    expect(onA.events.every((e) => e.type === 'FieldAliasDeclared')).toBe(true);
  });

  it('delivers a registration appended through REST on the other instance to both subscribers', async () => {
    await request(b.http).post('/layouts').send({ name: 'via-b', source: SOURCE }).expect(201);
    const seenOnA = await onA.waitFor('registration of via-b on A', (e) => e.type === 'LayoutRegistered' && e.data.name === 'via-b');
    const seenOnB = await onB.waitFor('registration of via-b on B', (e) => e.type === 'LayoutRegistered' && e.data.name === 'via-b');
    expect(seenOnA).toEqual(seenOnB);
    expect(seenOnA).toMatchObject({ stream: 'layout-via-b', hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('delivers a write made through the subscriber\'s own instance, and every event once, in order, on both', async () => {
    await request(a.http).post('/layouts/via-b/deprecate').send({ reason: 'replaced' }).expect(200);
    const onBoth = [onA, onB].map((s) => s.waitFor('deprecation', (e) => e.type === 'LayoutDeprecated' && e.data.name === 'via-b'));
    const [fromA, fromB] = await Promise.all(onBoth);
    expect(fromA).toEqual(fromB);
    expect(fromA?.data.reason).toBe('replaced');
    // Over the stretch both were subscribed for: the same gapless run of positions.
    const positions = (s: Subscriber): number[] => s.events.map((e) => e.position);
    const from = Math.max(positions(onA)[0] ?? 0, positions(onB)[0] ?? 0);
    const to = Math.min(positions(onA).at(-1) ?? 0, positions(onB).at(-1) ?? 0);
    const within = (s: Subscriber): number[] => positions(s).filter((p) => p >= from && p <= to);
    expect(within(onA)).toEqual(Array.from({ length: to - from + 1 }, (_, i) => from + i));
    expect(within(onB)).toEqual(within(onA));
  });
});
