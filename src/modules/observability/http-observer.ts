import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { HttpMetrics } from './http-metrics';
import { REQUEST_ID_HEADER } from './request-id';

// Routes without a pattern: the 404 handler, and requests rejected before routing.
export const UNMATCHED_ROUTE = 'unmatched';

// One log line and one latency observation per request, both in onResponse, after the client
// has its answer. The request id is echoed first thing, so that every response, rejections by
// the limits included, carries it.
export function observeHttp(fastify: FastifyInstance, registry: Registry, logger: Logger): void {
  const metrics = new HttpMetrics(registry);
  const logRequests = logger.isLevelEnabled('info');

  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  fastify.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const ms = reply.elapsedTime;
    const status = reply.statusCode;
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    metrics.observe(request.method, route, status, ms / 1000);
    if (status >= 500 || logRequests) {
      const line = {
        reqId: request.id,
        method: request.method,
        url: request.url,
        route,
        status,
        ms: Math.round(ms * 1000) / 1000,
        ip: request.ip,
        actor: (request as FastifyRequest & { actor?: string }).actor,
      };
      if (status >= 500) {
        logger.error(line, 'request failed');
      } else {
        logger.info(line, 'request completed');
      }
    }
    done();
  });
}
