import { inspect } from 'node:util';

// Waiting in tests for something that happens asynchronously (a feed catching up, a service
// coming back, a page rendering): ask `probe` every `intervalMs` until `done` accepts its
// answer, and resolve to that answer. Past the deadline it fails saying what it waited for and
// the last answer, so a timeout reads as a finding rather than "timed out". An error thrown by
// the probe ends the wait at once (a probe throws to say "this will never happen").
export interface PollOptions {
  timeoutMs?: number; // default 10 s
  intervalMs?: number; // default 50 ms
  context?: () => unknown; // more to show on failure: what was received meanwhile
}

export async function pollUntil<T, D extends T>(what: string, probe: () => T | Promise<T>, done: (value: T) => value is D, opts?: PollOptions): Promise<D>;
export async function pollUntil<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, opts?: PollOptions): Promise<T>;
export async function pollUntil<T>(what: string, probe: () => T | Promise<T>, done: (value: T) => boolean, opts: PollOptions = {}): Promise<T> {
  const { timeoutMs = 10_000, intervalMs = 50 } = opts;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) {
      return value;
    }
    if (Date.now() > deadline) {
      const context = opts.context === undefined ? '' : `; ${show(opts.context(), true)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last value: ${show(value, false)}${context}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

// For probes that answer yes or no.
export function isTrue(value: boolean): value is true {
  return value;
}

// Context text (a process's output) as it is; anything else as util.inspect shows it, cut short.
function show(value: unknown, rawText: boolean): string {
  return rawText && typeof value === 'string' ? value : inspect(value, { depth: 3, breakLength: Infinity, maxArrayLength: 20, maxStringLength: 500 });
}
