import type { Registry } from 'prom-client';

// Request latency by route pattern (not raw URL: one series per route, whatever the layout
// names) and exact status, as a Prometheus histogram in seconds.
//
// Kept by hand rather than with prom-client's Histogram: its observe() builds, validates and
// hashes the label object on every call, a few percent of the convert route's CPU at full load.
// Here a request costs one string key, one Map lookup and a short bucket scan; the exposition
// (same text as prom-client's) is built only when /metrics is scraped.
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

interface Series {
  method: string;
  route: string;
  status: string;
  counts: Float64Array; // per bucket, not cumulative; the last one is +Inf
  sum: number;
  count: number;
}

interface Sample {
  metricName: string;
  labels: Record<string, string | number>;
  value: number;
}

export class HttpMetrics {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP request latency from the first byte received to the last byte sent, by route pattern and status';
  readonly type = 'histogram';
  readonly aggregator = 'sum';
  private readonly series = new Map<string, Series>();

  constructor(registry: Registry) {
    registry.registerMetric(this as never);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let s = this.series.get(key);
    if (s === undefined) {
      s = { method, route, status: String(status), counts: new Float64Array(LATENCY_BUCKETS.length + 1), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    let i = 0;
    while (i < LATENCY_BUCKETS.length && seconds > (LATENCY_BUCKETS[i] as number)) {
      i++;
    }
    s.counts[i] = (s.counts[i] as number) + 1;
    s.sum += seconds;
    s.count += 1;
  }

  get(): { name: string; help: string; type: string; aggregator: string; values: Sample[] } {
    const values: Sample[] = [];
    for (const s of this.series.values()) {
      const base = { method: s.method, route: s.route, status: s.status };
      let cumulative = 0;
      LATENCY_BUCKETS.forEach((le, i) => {
        cumulative += s.counts[i] as number;
        values.push({ metricName: `${this.name}_bucket`, labels: { le, ...base }, value: cumulative });
      });
      values.push({ metricName: `${this.name}_bucket`, labels: { le: '+Inf', ...base }, value: s.count });
      values.push({ metricName: `${this.name}_sum`, labels: base, value: s.sum });
      values.push({ metricName: `${this.name}_count`, labels: base, value: s.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }

  reset(): void {
    this.series.clear();
  }
}
