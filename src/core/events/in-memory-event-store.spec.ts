import { eventStoreContract } from '../../../test/support/event-store.contract';
import type { StoredEvent } from './events';
import { InMemoryEventStore } from './in-memory-event-store';

eventStoreContract('in-memory', async ({ now }) => ({ store: new InMemoryEventStore({ now }) }));

describe('InMemoryEventStore', () => {
  const annotate = (notes: string) => ({ type: 'LayoutAnnotated' as const, data: { name: 'l', notes } });

  it('hands out copies, so mutating a returned event does not rewrite the log', async () => {
    const store = new InMemoryEventStore();
    const { events } = await store.append({ stream: 's', expectedVersion: 'any', events: [annotate('a')], metadata: {} });
    (events[0] as { data: { notes: string } }).data.notes = 'forged';
    expect((await store.readAll(0, 1))[0]?.data).toEqual({ name: 'l', notes: 'a' });
    expect((await store.verify()).ok).toBe(true);
  });

  it('delivers the backlog and then live appends to a subscriber, until aborted', async () => {
    const store = new InMemoryEventStore();
    await store.append({ stream: 's', expectedVersion: 'any', events: [annotate('1'), annotate('2')], metadata: {} });
    const abort = new AbortController();
    const seen: number[] = [];
    const done = (async () => {
      for await (const event of store.subscribe(1, abort.signal)) {
        seen.push(event.position);
        if (seen.length === 3) {
          abort.abort();
        }
      }
    })();
    await store.append({ stream: 's', expectedVersion: 'any', events: [annotate('3')], metadata: {} });
    await store.append({ stream: 's', expectedVersion: 'any', events: [annotate('4')], metadata: {} });
    await done;
    expect(seen).toEqual([2, 3, 4]);
  });

  it('ends a waiting subscription when its signal aborts', async () => {
    const store = new InMemoryEventStore();
    const abort = new AbortController();
    const events: StoredEvent[] = [];
    const done = (async () => {
      for await (const event of store.subscribe(0, abort.signal)) {
        events.push(event);
      }
    })();
    setTimeout(() => abort.abort(), 10);
    await done;
    expect(events).toEqual([]);
  });
});
