import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';

type Child = ReturnType<Histogram<'method' | 'route' | 'status'>['labels']>;

// Request latency by route pattern (not raw URL: one series per route, whatever the layout
// names) and exact status. Children are cached per label set, because resolving labels on every
// observe() sorts and hashes them, a cost the convert route's throughput goal notices.
export class HttpMetrics {
  private readonly histogram: Histogram<'method' | 'route' | 'status'>;
  private readonly children = new Map<string, Child>();

  constructor(registry: Registry) {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency from the first byte received to the last byte sent, by route pattern and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    });
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${status} ${route}`;
    let child = this.children.get(key);
    if (!child) {
      child = this.histogram.labels(method, route, String(status));
      this.children.set(key, child);
    }
    child.observe(seconds);
  }
}
