// The feed is an async generator that sleeps until the log grows; return() on a generator
// parked at an await would wait for the next append before it ran, so a client that
// unsubscribes from a quiet registry would leave its follower behind. Aborting first wakes it.
export function abortableIterator<T>(open: (signal: AbortSignal) => AsyncIterable<T>): AsyncIterableIterator<T> {
  const abort = new AbortController();
  const inner = open(abort.signal)[Symbol.asyncIterator]();
  const done = async (): Promise<IteratorResult<T>> => {
    abort.abort();
    await inner.return?.();
    return { done: true, value: undefined };
  };
  return {
    next: () => inner.next(),
    return: done,
    throw: async (err?: unknown) => {
      await done();
      throw err;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
