import type { StoredEvent } from './events';

// Wake-ups for log followers. The generation counter closes the lost-wake-up window: a follower
// records the generation before it reads, and waits only if nothing was appended since then.
export class ChangeSignal {
  private generation = 0;
  private readonly waiters = new Set<() => void>();

  current(): number {
    return this.generation;
  }

  notify(): void {
    this.generation += 1;
    const waiters = [...this.waiters];
    this.waiters.clear();
    waiters.forEach((wake) => wake());
  }

  // Resolves (never rejects) once the generation moves past `seen` or the signal aborts.
  waitFor(seen: number, signal?: AbortSignal): Promise<void> {
    if (this.generation !== seen || signal?.aborted) {
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        this.waiters.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      this.waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }
}

export type ReadAll = (after: number, limit: number) => Promise<StoredEvent[]>;

// Every event after `after`, in position order, forever: pages through the backlog, then sleeps
// until the signal says something was appended. Positions are gapless and become visible in
// order, so reading after the last delivered position never skips or repeats an event.
export async function* followLog(
  readAll: ReadAll,
  changes: ChangeSignal,
  after: number,
  signal?: AbortSignal,
  pageSize = 500,
): AsyncGenerator<StoredEvent> {
  let cursor = after;
  while (!signal?.aborted) {
    const seen = changes.current();
    const page = await readAll(cursor, pageSize);
    for (const event of page) {
      if (signal?.aborted) {
        return;
      }
      cursor = event.position;
      yield event;
    }
    if (page.length < pageSize) {
      await changes.waitFor(seen, signal);
    }
  }
}
