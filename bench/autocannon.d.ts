// The part of autocannon's API bench/load.bench.ts uses (the package ships no types).
declare module 'autocannon' {
  namespace autocannon {
    interface Stat {
      average: number;
      mean: number;
      min: number;
      max: number;
      p50: number;
      p90: number;
      p97_5: number;
      p99: number;
      total: number;
    }
    interface Options {
      url: string;
      connections?: number;
      duration?: number;
      pipelining?: number;
      method?: string;
      headers?: Record<string, string>;
      body?: string | Buffer;
      timeout?: number;
      overallRate?: number; // requests per second over all connections
    }
    interface Result {
      requests: Stat;
      latency: Stat;
      throughput: Stat;
      errors: number;
      timeouts: number;
      non2xx: number;
      duration: number;
    }
  }
  function autocannon(options: autocannon.Options): Promise<autocannon.Result>;
  export = autocannon;
}
