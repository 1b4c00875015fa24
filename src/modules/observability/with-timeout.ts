// Health checks and scrapes must answer even when Postgres does not (a partition leaves a
// query waiting for TCP to give up): the query keeps running, the caller moves on.
export function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout is nobody's to handle
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
