import { Histogram, Registry } from 'prom-client';
import { HttpMetrics, LATENCY_BUCKETS } from './http-metrics';
import type { RouteLatency } from './http-metrics';

describe('HttpMetrics', () => {
  it('exposes exactly what a prom-client Histogram with the same buckets would, routes bound once', async () => {
    const ours = new Registry();
    const theirs = new Registry();
    const fast = new HttpMetrics(ours);
    const reference = new Histogram({ name: fast.name, help: fast.help, labelNames: ['method', 'route', 'status'], buckets: LATENCY_BUCKETS, registers: [theirs] });
    const samples: Array<[string, string, number, number]> = [
      ['GET', '/health/live', 200, 0.0004],
      ['GET', '/health/live', 200, 0.0005],
      ['POST', '/convert/:from/:to', 200, 0.003],
      ['POST', '/convert/:from/:to', 422, 0.07],
      ['GET', 'unmatched', 404, 31],
      ['POST', '/convert/:from/:to', 200, 0.0123],
    ];
    const routes = new Map<string, RouteLatency>();
    for (const [method, route, status, seconds] of samples) {
      const key = `${method} ${route}`;
      const bound = routes.get(key) ?? fast.route(method, route);
      routes.set(key, bound);
      bound.observe(status, seconds);
      reference.observe({ method, route, status: String(status) }, seconds);
    }
    expect(await ours.metrics()).toBe(await theirs.metrics());
  });
});
