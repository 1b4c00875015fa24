import { CoreError } from '../../src/core/errors';
import type { EventStore } from '../../src/core/events/event-store';
import type { RegistryEvent, StoredEvent } from '../../src/core/events/events';
import { GENESIS_HASH, chainHash } from '../../src/core/events/hash-chain';

// One behavioural contract for every EventStore (Emmett's features.ts pattern): the in-memory
// store runs it in the unit tier (src/core/events/in-memory-event-store.spec.ts), the Prisma
// store against real Postgres in the int tier. Each test gets a fresh, empty store.

export interface ContractStore {
  store: EventStore;
  close?: () => Promise<void>;
}
export type ContractStoreFactory = (options: { now: () => Date }) => Promise<ContractStore>;

const T0 = Date.parse('2026-11-26T12:00:00.000Z');

const annotated = (notes: string): RegistryEvent => ({ type: 'LayoutAnnotated', data: { name: 'l', notes } });
const aliased = (from: string, to: string): RegistryEvent => ({ type: 'FieldAliasDeclared', data: { from, to } });

async function expectConflict(promise: Promise<unknown>, details: Record<string, unknown>): Promise<void> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(CoreError);
  expect((err as CoreError).code).toBe('CONFLICT');
  expect((err as CoreError).details).toEqual(details);
}

export function eventStoreContract(name: string, factory: ContractStoreFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let store: EventStore;
    let close: (() => Promise<void>) | undefined;
    let tick = 0;

    beforeEach(async () => {
      tick = 0;
      // A clock that advances 1 ms per call: recordedAt is deterministic and distinct.
      ({ store, close } = await factory({ now: () => new Date(T0 + tick++) }));
    });
    afterEach(async () => {
      await close?.();
    });

    it('appends to a new stream with versions from 1 and positions from 1', async () => {
      const events = [aliased('a', 'b'), aliased('c', 'd')];
      const result = await store.append({ stream: 'aliases', expectedVersion: 'no-stream', events, metadata: { actor: 'test', requestId: 'r1' } });
      expect(result.replayed).toBe(false);
      expect(result.events.map((e) => [e.position, e.version, e.stream])).toEqual([
        [1, 1, 'aliases'],
        [2, 2, 'aliases'],
      ]);
      expect(result.events[0]).toMatchObject({
        type: 'FieldAliasDeclared',
        data: { from: 'a', to: 'b' },
        metadata: { actor: 'test', requestId: 'r1' },
        recordedAt: new Date(T0).toISOString(),
      });
    });

    it('returns events exactly as readAll and readStream later read them', async () => {
      const { events } = await store.append({ stream: 'aliases', expectedVersion: 'any', events: [aliased('a', 'b')], metadata: {} });
      expect(await store.readAll(0, 10)).toEqual(events);
      expect(await store.readStream('aliases')).toEqual(events);
    });

    it('keeps one version sequence per stream and one gapless position sequence across streams', async () => {
      await store.append({ stream: 's1', expectedVersion: 'no-stream', events: [annotated('1')], metadata: {} });
      await store.append({ stream: 's2', expectedVersion: 'no-stream', events: [annotated('2'), annotated('3')], metadata: {} });
      await store.append({ stream: 's1', expectedVersion: 1, events: [annotated('4')], metadata: {} });
      const all = await store.readAll(0, 100);
      expect(all.map((e) => [e.position, e.stream, e.version])).toEqual([
        [1, 's1', 1],
        [2, 's2', 1],
        [3, 's2', 2],
        [4, 's1', 2],
      ]);
      expect((await store.readStream('s1')).map((e) => e.version)).toEqual([1, 2]);
      expect(await store.readStream('unknown')).toEqual([]);
    });

    it('pages readAll by position', async () => {
      for (let i = 0; i < 5; i += 1) {
        await store.append({ stream: `s${i}`, expectedVersion: 'no-stream', events: [annotated(String(i))], metadata: {} });
      }
      expect((await store.readAll(0, 2)).map((e) => e.position)).toEqual([1, 2]);
      expect((await store.readAll(2, 2)).map((e) => e.position)).toEqual([3, 4]);
      expect((await store.readAll(4, 2)).map((e) => e.position)).toEqual([5]);
      expect(await store.readAll(5, 2)).toEqual([]);
    });

    it('refuses a stale numeric expected version with CONFLICT naming stream, expected and actual', async () => {
      await store.append({ stream: 's', expectedVersion: 'no-stream', events: [annotated('1'), annotated('2')], metadata: {} });
      await expectConflict(store.append({ stream: 's', expectedVersion: 1, events: [annotated('x')], metadata: {} }), {
        stream: 's',
        expected: 1,
        actual: 2,
      });
    });

    it("refuses 'no-stream' for an existing stream and a number for a missing one", async () => {
      await store.append({ stream: 's', expectedVersion: 'no-stream', events: [annotated('1')], metadata: {} });
      await expectConflict(store.append({ stream: 's', expectedVersion: 'no-stream', events: [annotated('x')], metadata: {} }), {
        stream: 's',
        expected: 'no-stream',
        actual: 1,
      });
      await expectConflict(store.append({ stream: 'other', expectedVersion: 3, events: [annotated('x')], metadata: {} }), {
        stream: 'other',
        expected: 3,
        actual: 0,
      });
    });

    it("accepts 'any' and an expected version of 0 for a new stream", async () => {
      await store.append({ stream: 'a', expectedVersion: 0, events: [annotated('1')], metadata: {} });
      await store.append({ stream: 'a', expectedVersion: 'any', events: [annotated('2')], metadata: {} });
      expect((await store.readStream('a')).map((e) => e.version)).toEqual([1, 2]);
    });

    it('appends nothing when a conflict is refused, so positions stay gapless', async () => {
      await store.append({ stream: 's', expectedVersion: 'no-stream', events: [annotated('1')], metadata: {} });
      await store.append({ stream: 's', expectedVersion: 0, events: [annotated('x')], metadata: {} }).catch(() => undefined);
      const next = await store.append({ stream: 't', expectedVersion: 'no-stream', events: [annotated('2')], metadata: {} });
      expect(next.events[0]?.position).toBe(2);
      expect((await store.readAll(0, 10)).map((e) => e.position)).toEqual([1, 2]);
    });

    it('replays a repeated idempotency key: the first events, replayed=true, nothing appended', async () => {
      const request = {
        stream: 's',
        expectedVersion: 'no-stream' as const,
        events: [annotated('1'), annotated('2')],
        metadata: { idempotencyKey: 'k-1' },
      };
      const first = await store.append(request);
      // The retry carries the now-stale expected version; the key must win over the check.
      const again = await store.append(request);
      expect(again).toEqual({ events: first.events, replayed: true });
      expect(await store.readAll(0, 10)).toHaveLength(2);
      const other = await store.append({ ...request, expectedVersion: 2, metadata: { idempotencyKey: 'k-2' } });
      expect(other.replayed).toBe(false);
      expect(other.events.map((e) => e.position)).toEqual([3, 4]);
    });

    it('finds the events of a key, and refuses the key with another command, appending nothing', async () => {
      const request = {
        stream: 's',
        expectedVersion: 'no-stream' as const,
        events: [annotated('1'), annotated('2')],
        metadata: { idempotencyKey: 'k-3', commandHash: 'sha256:one' },
      };
      expect(await store.eventsForKey('k-3')).toEqual([]);
      const first = await store.append(request);
      expect(await store.eventsForKey('k-3')).toEqual(first.events);
      const err = await store.append({ ...request, metadata: { idempotencyKey: 'k-3', commandHash: 'sha256:two' } }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(CoreError);
      expect([(err as CoreError).code, (err as CoreError).details]).toEqual(['IDEMPOTENCY_KEY_REUSED', { field: 'Idempotency-Key', key: 'k-3', position: 1 }]);
      expect(await store.append(request)).toEqual({ events: first.events, replayed: true });
      expect(await store.readAll(0, 10)).toHaveLength(2);
    });

    it('checks the expected global position when one is given', async () => {
      await store.append({ stream: 'a', expectedVersion: 'any', events: [annotated('1')], metadata: {} });
      await store.append({ stream: 'b', expectedVersion: 'any', expectedPosition: 1, events: [annotated('2')], metadata: {} });
      await expectConflict(
        store.append({ stream: 'c', expectedVersion: 'any', expectedPosition: 1, events: [annotated('3')], metadata: {} }),
        { expectedPosition: 1, actualPosition: 2 },
      );
    });

    it('treats an empty append as a version check that appends nothing', async () => {
      const result = await store.append({ stream: 's', expectedVersion: 'no-stream', events: [], metadata: {} });
      expect(result).toEqual({ events: [], replayed: false });
      expect(await store.readAll(0, 10)).toEqual([]);
      await expectConflict(store.append({ stream: 's', expectedVersion: 4, events: [], metadata: {} }), {
        stream: 's',
        expected: 4,
        actual: 0,
      });
    });

    it('chains hashes from the genesis hash over the canonical content', async () => {
      await store.append({ stream: 'a', expectedVersion: 'any', events: [aliased('a', 'b')], metadata: { actor: 'x' } });
      await store.append({ stream: 'b', expectedVersion: 'any', events: [annotated('n'), annotated('m')], metadata: {} });
      const all = await store.readAll(0, 10);
      let prev = GENESIS_HASH;
      for (const event of all) {
        expect(event.hash).toBe(chainHash(prev, event));
        prev = event.hash;
      }
      expect(await store.verify()).toEqual({ ok: true, events: 3, head: prev });
    });

    it('verifies an empty log', async () => {
      expect(await store.verify()).toEqual({ ok: true, events: 0, head: null });
    });

    it('stores data as JSON: undefined members vanish, nested key order does not matter', async () => {
      const data = { name: 'l', kernel: undefined, notes: 'n' } as unknown as { name: string; notes: string };
      const { events } = await store.append({
        stream: 's',
        expectedVersion: 'any',
        events: [{ type: 'LayoutAnnotated', data }],
        metadata: { requestId: undefined, actor: 'a' },
      });
      const [read] = (await store.readAll(0, 1)) as [StoredEvent];
      expect(read.data).toEqual({ name: 'l', notes: 'n' });
      expect(Object.keys(read.data)).not.toContain('kernel');
      expect(read.metadata).toEqual({ actor: 'a' });
      expect(read.hash).toBe(events[0]?.hash);
      expect((await store.verify()).ok).toBe(true);
    });
  });
}
