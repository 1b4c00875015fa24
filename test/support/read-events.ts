import request from 'supertest';

export interface LoggedEvent {
  position: number;
  stream: string;
  type: string;
  hash: string;
  data: unknown;
}

// The whole log over REST, following `Link: rel="next"`: a page ends at `limit` events or at
// 1 MiB of JSON, whichever comes first, and the catalog's sources fill a page long before
// 1000 events, so a test that reads one page and calls it the log is wrong.
export async function readAllEvents(http: Parameters<typeof request>[0], after = 0): Promise<LoggedEvent[]> {
  const all: LoggedEvent[] = [];
  let next: string | undefined = `/events?after=${after}&limit=1000`;
  while (next !== undefined) {
    const res = await request(http).get(next).expect(200);
    all.push(...(res.body as LoggedEvent[]));
    const link = res.headers.link as string | undefined;
    next = link === undefined ? undefined : /^<([^>]+)>;\s*rel="next"$/.exec(link)?.[1];
  }
  return all;
}
