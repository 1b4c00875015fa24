// One token bucket per client, in this instance's memory: `perMinute` tokens a minute, and a
// burst of a tenth of that (at least one), so a client can catch up after a pause but cannot
// spend a whole minute's budget in one second. Several instances each allow the rate: behind a
// load balancer with N instances a client gets up to N times it.
export const SWEEP_INTERVAL_MS = 60_000;
export const MAX_TRACKED_CLIENTS = 100_000;

interface Bucket {
  tokens: number;
  at: number; // ms, when tokens was last brought up to date
}

export class TokenBuckets {
  readonly burst: number;
  private readonly perMs: number;
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.burst = Math.max(1, Math.ceil(perMinute / 10));
    this.perMs = perMinute / 60_000;
    this.lastSweep = now();
  }

  // Takes `n` tokens for `key` (at most a burst's worth: more could never be granted): 0 when
  // granted, else the milliseconds until they are available.
  take(key: string, n = 1): number {
    const want = Math.min(n, this.burst);
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      this.maybeSweep(now);
      bucket = { tokens: this.burst, at: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
      bucket.tokens = Math.min(this.burst, bucket.tokens + (now - bucket.at) * this.perMs);
      bucket.at = now;
    }
    if (bucket.tokens >= want) {
      bucket.tokens -= want;
      return 0;
    }
    return Math.ceil((want - bucket.tokens) / this.perMs);
  }

  get size(): number {
    return this.buckets.size;
  }

  // A bucket that has refilled is the same as no bucket: dropping it bounds memory by the
  // clients active in the last burst/rate seconds. Over the hard cap (a flood of spoofed
  // sources), the oldest entries go first.
  private maybeSweep(now: number): void {
    if (now - this.lastSweep < SWEEP_INTERVAL_MS && this.buckets.size < MAX_TRACKED_CLIENTS) {
      return;
    }
    this.lastSweep = now;
    for (const [key, b] of this.buckets) {
      if (b.tokens + (now - b.at) * this.perMs >= this.burst) {
        this.buckets.delete(key);
      }
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size < MAX_TRACKED_CLIENTS) {
        break;
      }
      this.buckets.delete(key);
    }
  }
}
