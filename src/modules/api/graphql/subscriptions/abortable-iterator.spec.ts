import { abortableIterator } from './abortable-iterator';

describe('abortableIterator', () => {
  it('ends a follower parked on a quiet source when the consumer returns', async () => {
    let finished = false;
    const it = abortableIterator(async function* (signal: AbortSignal) {
      try {
        yield 1;
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      } finally {
        finished = true;
      }
    });
    expect(await it.next()).toEqual({ done: false, value: 1 });
    const pending = it.next();
    await expect(it.return?.()).resolves.toEqual({ done: true, value: undefined });
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(finished).toBe(true);
  });
});
