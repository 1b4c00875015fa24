import request from 'supertest';
import type { App } from 'supertest/types';

export interface LogState {
  events: number;
  head: string | null;
}

// The event log as a client sees it: how many events, and the head of a verified hash chain.
// Two equal states mean nothing was appended in between. `token`: a reader's, when reads are closed.
export async function logState(http: App, token?: string): Promise<LogState> {
  const res = await request(http).get('/events/verify').set(token ? { authorization: `Bearer ${token}` } : {});
  if (res.status !== 200 || res.body.ok !== true) {
    throw new Error(`/events/verify answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { events: res.body.events as number, head: res.body.head as string | null };
}

// The same, cheaply, for a fuzzer that knows the previous state: reads from the previous head
// on. The log is append-only (Postgres refuses UPDATE and DELETE on it), so the previous head
// event plus whatever follows it is the whole difference; a full /events/verify closes each run.
export async function logTail(http: App, known: LogState): Promise<LogState> {
  const res = await request(http).get(`/events?after=${Math.max(0, known.events - 1)}&limit=1000`);
  if (res.status !== 200) {
    throw new Error(`/events answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  const events = res.body as { position: number; hash: string }[];
  const last = events.at(-1);
  if (known.events > 0 && events[0]?.hash !== known.head) {
    throw new Error(`event ${known.events} changed: ${known.head} is now ${events[0]?.hash}`);
  }
  return { events: last?.position ?? 0, head: last?.hash ?? null };
}
