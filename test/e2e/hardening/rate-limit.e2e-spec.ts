import { networkInterfaces } from 'node:os';
import request from 'supertest';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';

jest.setTimeout(60_000);

const external = Object.values(networkInterfaces())
  .flat()
  .find((i) => i !== undefined && i.family === 'IPv4' && !i.internal)?.address;

// 60 a minute: one token a second, bursts of 6. The limiter reads a clock the test moves.
describe('rate limit per client IP', () => {
  let t: HardeningApp;
  let clock = 1_000_000;
  beforeAll(async () => {
    t = await startHardeningApp({ env: { RATE_LIMIT_PER_MINUTE: '60' }, now: () => clock, host: '0.0.0.0' });
  });
  afterAll(() => t.close());

  it('grants a burst of 6, then answers 429 with Retry-After and the limit', async () => {
    for (let i = 0; i < 6; i++) {
      await request(t.http).get('/layouts/linux-v4.14').expect(200);
    }
    const res = await request(t.http).get('/layouts/linux-v4.14').expect(429);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['x-request-id']).toEqual(expect.any(String));
    expect(res.body).toEqual({
      error: 'rate_limited',
      message: 'too many requests from 127.0.0.1: the limit is 60 per minute (bursts of 6); retry in 1 s',
    });
  });

  it('counts writes and conversions against the same budget, before reading their bodies', async () => {
    await request(t.http).post('/layouts').send({ name: 'rate-limited' }).expect(429);
    await request(t.http).post('/convert/linux-v4.14/linux-v4.14').set('content-type', 'application/octet-stream').send(Buffer.alloc(4096)).expect(429);
    await request(t.http).get('/layouts/rate-limited').expect(429);
  });

  it('never throttles health checks and scrapes', async () => {
    for (let i = 0; i < 20; i++) {
      await request(t.http).get(['/health', '/health/live', '/health/ready', '/metrics'][i % 4] as string).expect(200);
    }
  });

  it('refills at the configured rate', async () => {
    clock += 1000;
    await request(t.http).get('/layouts/linux-v4.14').expect(200);
    await request(t.http).get('/layouts/linux-v4.14').expect(429);
    clock += 10_000; // ten seconds refill ten tokens, but the bucket holds six
    for (let i = 0; i < 6; i++) {
      await request(t.http).get('/layouts/linux-v4.14').expect(200);
    }
    const res = await request(t.http).get('/layouts/linux-v4.14').expect(429);
    expect(res.headers['retry-after']).toBe('1');
  });

  (external ? it : it.skip)('keeps one bucket per client address', async () => {
    const other = request(`http://${external}:${t.port}`);
    await request(t.http).get('/layouts/linux-v4.14').expect(429);
    const res = await other.get('/layouts/linux-v4.14').expect(200);
    expect(res.body.name).toBe('linux-v4.14');
  });

  it('counts 429s in the latency histogram under their route', async () => {
    const metrics = await request(t.http).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/layouts\/:name",status="429"\} [1-9]/);
  });
});
