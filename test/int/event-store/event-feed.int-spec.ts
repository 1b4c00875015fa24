import { Client } from 'pg';
import type { StoredEvent } from '../../../src/core/events/events';
import { openEventStore } from '../../../src/infra/event-store/open-event-store';
import { PgEventFeed } from '../../../src/infra/event-store/pg-event-feed';
import type { StoreInstance } from '../../support/prisma-store';
import { openStore } from '../../support/prisma-store';
import type { TestDatabase } from '../../support/test-database';
import { createTestDatabase } from '../../support/test-database';
import { isTrue, pollUntil } from '../../support/poll-until';

let db: TestDatabase;
let reader: StoreInstance; // the instance serving SSE
let writer: StoreInstance; // another instance taking writes
let feed: PgEventFeed;

beforeEach(async () => {
  db = await createTestDatabase();
  reader = openStore(db.url);
  writer = openStore(db.url);
  feed = new PgEventFeed({ connectionString: db.url, store: reader.store, reconnectDelayMs: 50 });
  await feed.start();
});

afterEach(async () => {
  await feed.close();
  await Promise.all([reader.close(), writer.close()]);
  await db.drop();
});

const alias = (i: number) => ({
  stream: 'aliases',
  expectedVersion: 'any' as const,
  events: [{ type: 'FieldAliasDeclared' as const, data: { from: `f${i}`, to: `t${i}` } }],
  metadata: {},
});

// Collects `count` events from a subscription, failing after a deadline instead of hanging.
function collect(after: number, count: number, timeoutMs = 5000): { done: Promise<StoredEvent[]>; abort: AbortController } {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const done = (async () => {
    const seen: StoredEvent[] = [];
    for await (const event of feed.subscribe(after, abort.signal)) {
      seen.push(event);
      if (seen.length === count) {
        break;
      }
    }
    clearTimeout(timer);
    return seen;
  })();
  return { done, abort };
}

it('delivers an event appended by another instance', async () => {
  const { done } = collect(0, 1);
  await new Promise((r) => setTimeout(r, 50)); // the subscriber is now waiting, not reading
  const { events } = await writer.store.append(alias(1));
  expect(await done).toEqual(events);
});

it('starts with the backlog after the given position, then continues live', async () => {
  await writer.store.append(alias(1));
  await writer.store.append(alias(2));
  const { done } = collect(1, 3);
  await writer.store.append(alias(3));
  await writer.store.append(alias(4));
  expect((await done).map((e) => e.position)).toEqual([2, 3, 4]);
});

it('reconnects after losing its LISTEN connection and catches up on what it missed', async () => {
  const { done } = collect(0, 2, 10_000);
  await writer.store.append(alias(1));
  const admin = new Client({ connectionString: db.url });
  await admin.connect();
  const killed = await admin.query(
    `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'vmcs12-event-feed' AND datname = current_database()`,
  );
  await admin.end();
  expect(killed.rowCount).toBe(1);
  await writer.store.append(alias(2)); // likely while the feed is deaf: found by the re-read
  expect((await done).map((e) => e.position)).toEqual([1, 2]);
  await pollUntil('the feed to listen again', () => feed.listening, isTrue, { timeoutMs: 5000, intervalMs: 20 });
  const { done: next } = collect(2, 1);
  await writer.store.append(alias(3));
  expect((await next).map((e) => e.position)).toEqual([3]);
});

it('openEventStore wires store, feed and read models on one database', async () => {
  const infra = await openEventStore(db.url);
  try {
    const abort = new AbortController();
    const seen = (async () => {
      for await (const event of infra.feed.subscribe(0, abort.signal)) {
        abort.abort();
        return event.position;
      }
      return 0;
    })();
    await writer.store.append(alias(1));
    expect(await seen).toBe(1);
    expect(await infra.readModel.listAliases()).toEqual([{ from: 'f1', to: 't1', position: 1 }]);
    expect(await infra.readModel.checkpoint()).toBe(1);
  } finally {
    await infra.close();
  }
});
