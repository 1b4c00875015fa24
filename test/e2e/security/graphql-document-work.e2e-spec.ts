import request from 'supertest';
import { startTestApp } from '../../support/test-app';
import type { TestApp } from '../../support/test-app';

// A GraphQL document new to the server is parsed and validated before anything runs; a client
// sending a new large document each time would make every request cost that. New documents are
// charged to the client's rate-limit bucket by their field selections (document-work.ts): here
// 600 requests a minute, a burst of 60, and a 1,000-selection document costs 11 of them.
const aliases = (prefix: string, n: number): string =>
  `{ ${Array.from({ length: n }, (_, i) => `${prefix}${i}: compatibility(from: "linux-v4.14", to: "linux-v4.4") { verdict }`).join(' ')} }`;

describe('GraphQL charges new large documents to the client’s rate limit', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '600' } });
  });
  afterEach(() => t.close());

  it('refuses a client sending a new 1,000-selection document each time with 429 RATE_LIMITED and Retry-After', async () => {
    // Each request spends 11 tokens and the bucket refills 10 a second: the burst runs out
    // within a few requests unless one request took over a second.
    let refused: request.Response | undefined;
    let served = 0;
    for (let i = 0; i < 30 && refused === undefined; i++) {
      const res = await request(t.http).post('/graphql').send({ query: aliases(`n${i}_`, 500) });
      if (res.status === 200) {
        served += 1;
      } else {
        refused = res;
      }
    }
    expect(served).toBeGreaterThanOrEqual(5);
    expect(refused?.status).toBe(429);
    expect(Number(refused?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const body = refused?.body as { data: unknown; errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', error: 'rate_limited' });
    expect(body.errors[0]?.message).toMatch(/selects 1000 fields \(10 more\)/);
  });

  it('charges a repeated document once, and small documents not at all', async () => {
    const large = aliases('a', 500);
    for (let i = 0; i < 30; i++) {
      const res = await request(t.http).post('/graphql').send({ query: large });
      expect(res.status).toBe(200);
    }
    for (let i = 0; i < 20; i++) {
      const res = await request(t.http).post('/graphql').send({ query: aliases(`s${i}_`, 40) });
      expect(res.status).toBe(200);
    }
  });
});
