import { MAX_TRACKED_CLIENTS, SWEEP_INTERVAL_MS, TokenBuckets } from './token-buckets';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = (): number => now;
  beforeEach(() => {
    now = 1_000_000;
  });

  it('grants a burst of a tenth of the per-minute rate, then says how long to wait', () => {
    const b = new TokenBuckets(600, clock);
    expect(b.burst).toBe(60);
    for (let i = 0; i < 60; i++) {
      expect(b.take('a')).toBe(0);
    }
    expect(b.take('a')).toBe(100); // 10 a second: the next token in 100 ms
  });

  it('takes several tokens at once, or none, and caps a request at the burst', () => {
    const b = new TokenBuckets(600, clock);
    expect(b.take('a', 25)).toBe(0);
    expect(b.take('a', 25)).toBe(0);
    expect(b.take('a', 25)).toBe(1_500); // 10 left: 15 more at 10 a second
    expect(b.take('a', 10)).toBe(0); // the refusal took nothing
    now += 6_000;
    expect(b.take('a', 1_000)).toBe(0); // never more than a burst: 60 would always be granted eventually
    expect(b.take('a')).toBe(100);
  });

  it('refills continuously, never above the burst', () => {
    const b = new TokenBuckets(60, clock);
    for (let i = 0; i < 6; i++) {
      b.take('a');
    }
    now += 500;
    expect(b.take('a')).toBe(500);
    now += 500;
    expect(b.take('a')).toBe(0);
    now += 3_600_000;
    for (let i = 0; i < 6; i++) {
      expect(b.take('a')).toBe(0);
    }
    expect(b.take('a')).toBeGreaterThan(0);
  });

  it('keeps clients apart', () => {
    const b = new TokenBuckets(1, clock);
    expect(b.take('a')).toBe(0);
    expect(b.take('a')).toBe(60_000);
    expect(b.take('b')).toBe(0);
  });

  it('forgets refilled clients, so memory follows the active ones', () => {
    const b = new TokenBuckets(60, clock);
    for (let i = 0; i < 100; i++) {
      b.take(`idle-${i}`);
    }
    now += SWEEP_INTERVAL_MS;
    b.take('new');
    expect(b.size).toBe(1);
  });

  it('never tracks more than the cap, dropping the oldest first', () => {
    const b = new TokenBuckets(60, clock);
    for (let i = 0; i <= MAX_TRACKED_CLIENTS + 10; i++) {
      b.take(`c${i}`);
    }
    expect(b.size).toBeLessThanOrEqual(MAX_TRACKED_CLIENTS);
    expect(b.take(`c${MAX_TRACKED_CLIENTS + 10}`)).toBe(0); // the newest kept their bucket
  });
});
