import request from 'supertest';
import type { App } from 'supertest/types';

export interface LogState {
  events: number;
  head: string | null;
}

// The event log as a client sees it: how many events, and the head of a verified hash chain.
// Two equal states mean nothing was appended in between.
export async function logState(http: App): Promise<LogState> {
  const res = await request(http).get('/events/verify');
  if (res.status !== 200 || res.body.ok !== true) {
    throw new Error(`/events/verify answered ${res.status} ${JSON.stringify(res.body)}`);
  }
  return { events: res.body.events as number, head: res.body.head as string | null };
}
