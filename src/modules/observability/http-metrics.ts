import type { Registry } from 'prom-client';
import { HistogramFamily } from '../metrics/bound-metrics';
import type { HistogramChild } from '../metrics/bound-metrics';

// Request latency by route pattern (not raw URL: one series per route, whatever the layout
// names) and exact status, as a Prometheus histogram in seconds. Each route binds its series
// when it is registered (RouteLatency); a status gets its child the first time the route
// answers it, so a request costs a small-integer Map lookup and a short bucket scan.
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export class HttpMetrics {
  readonly name = 'http_request_duration_seconds';
  readonly help = 'HTTP request latency from the first byte received to the last byte sent, by route pattern and status';
  private readonly family: HistogramFamily;

  constructor(registry: Registry) {
    this.family = new HistogramFamily(registry, this.name, this.help, LATENCY_BUCKETS);
  }

  route(method: string, route: string): RouteLatency {
    return new RouteLatency(this.family, method, route);
  }
}

export class RouteLatency {
  private readonly byStatus = new Map<number, HistogramChild>();

  constructor(
    private readonly family: HistogramFamily,
    readonly method: string,
    readonly route: string,
  ) {}

  observe(status: number, seconds: number): void {
    let child = this.byStatus.get(status);
    if (child === undefined) {
      child = this.family.bind({ method: this.method, route: this.route, status: String(status) });
      this.byStatus.set(status, child);
    }
    child.observe(seconds);
  }
}
