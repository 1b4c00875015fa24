import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Registry } from 'prom-client';
import type { CheckForRoute } from '../edge/request-gate';
import { appendRouteHook, methodsOf } from '../edge/route-hooks';
import type { AccessLog } from './access-log';
import { HttpMetrics } from './http-metrics';
import type { RouteLatency } from './http-metrics';
import { REQUEST_ID_HEADER } from './request-id';

// Routes without a pattern: the 404 handler, and requests rejected before routing.
export const UNMATCHED_ROUTE = 'unmatched';

type OnResponse = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

// One log line and one latency observation per request, both in onResponse, after the client
// has its answer. Every route gets its own onResponse hook, bound to its latency series when
// it is registered, so a request looks nothing up by name; requests no route matched are
// observed by a global hook. `settle` runs in the same hook (the reply leaves the handler
// timeout's deadlines there: one hook invocation for both). Must be installed before the routes are
// registered (createApp calls it before app.init()).
// Returns the latency histograms, for the requests a lane answers below Fastify (request-lanes.ts).
export function observeHttp(fastify: FastifyInstance, registry: Registry, accessLog: AccessLog, settle: (reply: FastifyReply) => void = () => undefined): HttpMetrics {
  const metrics = new HttpMetrics(registry);
  // The lines of the last requests may still wait for their batch (access-log.ts).
  fastify.addHook('onClose', (_instance, done) => {
    accessLog.flush();
    done();
  });

  const finish = (latency: RouteLatency, request: FastifyRequest, reply: FastifyReply): void => {
    recordRequest(latency, accessLog, request.id, request.method, request.url, reply.statusCode, reply.elapsedTime, request.ip, (request as FastifyRequest & { actor?: string }).actor);
  };

  fastify.addHook('onRoute', (route: RouteOptions) => {
    const byMethod = new Map(methodsOf(route).map((m) => [m, metrics.route(m, route.url)]));
    const observe: OnResponse = (request, reply, done) => {
      const latency = byMethod.get(request.method) ?? metrics.route(request.method, route.url);
      byMethod.set(request.method, latency);
      settle(reply);
      finish(latency, request, reply);
      done();
    };
    route.onResponse = appendRouteHook(route.onResponse as OnResponse | OnResponse[] | undefined, observe) as RouteOptions['onResponse'];
  });

  const unmatched = new Map<string, RouteLatency>();
  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (request.is404) {
      let latency = unmatched.get(request.method);
      if (latency === undefined) {
        latency = metrics.route(request.method, UNMATCHED_ROUTE);
        unmatched.set(request.method, latency);
      }
      settle(reply);
      finish(latency, request, reply);
    }
    done();
  });
  return metrics;
}

// One request's latency observation and access line: from onResponse here, and from the lane
// that answers raw conversions below Fastify (raw-convert-lane.ts).
export function recordRequest(latency: RouteLatency, accessLog: Pick<AccessLog, 'record'>, reqId: string, method: string, url: string, status: number, ms: number, ip: string | undefined, actor: string | undefined): void {
  latency.observe(status, ms / 1000);
  accessLog.record({ reqId, method, url, route: latency.route, status, ms: Math.round(ms * 1000) / 1000, ip, actor });
}

// The request id goes out on every response, rejections by the gate's later checks included:
// the request gate's first check (edge/request-gate.ts).
export const requestIdCheck: CheckForRoute = () => (request, reply) => {
  void reply.header(REQUEST_ID_HEADER, request.id);
  return false;
};
