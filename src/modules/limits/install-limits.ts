import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { CONVERT_ROUTE, REGISTER_ROUTE, ROUTE_BODY_LIMITS, requireBodyLimits } from './body-limits';
import { installHandlerTimeout } from './handler-timeout';
import type { HandlerDeadlines } from './handler-timeout';
import { rateLimitCheck } from './rate-limit';
import { checkConvertLength, checkSourceSize } from './request-checks';
import type { LayoutSizeOf } from './request-checks';
import { limitErrorHandler } from './route-errors';
import type { TokenBuckets } from './token-buckets';
import type { CheckForRoute } from '../edge/request-gate';
import { appendRouteHook, methodsOf } from '../edge/route-hooks';

export interface LimitsOptions {
  buckets: TokenBuckets; // the rate limit's, shared with GraphQL's document-work charge
  handlerTimeoutMs: number;
  defaultBodyLimit: number;
  layoutSize: LayoutSizeOf; // a registered layout's blob size, for the convert route's limit
}

// Must run before any route is registered (Nest registers its routes in app.init(), GraphQL
// in its module's init): onRoute only sees routes added after it. Returns the rate limit, a
// check for the request gate (edge/request-gate.ts) over the buckets it was given, and the
// handler deadlines (a response takes its own out: http-observer.ts).
export function installLimits(fastify: FastifyInstance, options: LimitsOptions): { rateLimit: CheckForRoute; deadlines: HandlerDeadlines } {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = methodsOf(route);
    requireBodyLimits(methods, route.url);
    for (const method of methods) {
      const limit = ROUTE_BODY_LIMITS.get(`${method} ${route.url}`);
      if (limit !== undefined) {
        route.bodyLimit = limit;
      }
    }
    route.errorHandler = limitErrorHandler(fastify, route.errorHandler as never, options.defaultBodyLimit) as RouteOptions['errorHandler'];
    if (route.url === CONVERT_ROUTE && methods.includes('POST')) {
      route.preParsing = appendRouteHook(route.preParsing as never, convertLengthHook(options.layoutSize) as never) as never;
    }
    if (route.url === REGISTER_ROUTE && methods.includes('POST')) {
      route.preValidation = appendRouteHook(route.preValidation as never, (async (request: FastifyRequest) => checkSourceSize(request)) as never) as never;
    }
  });
  const deadlines = installHandlerTimeout(fastify, options.handlerTimeoutMs);
  return { rateLimit: rateLimitCheck(options.buckets), deadlines };
}

type PreParsing = (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void) => void;

// A callback hook rather than an async one: every conversion passes it, and an async hook
// costs a promise and a microtask turn per request.
function convertLengthHook(layoutSize: LayoutSizeOf): PreParsing {
  return (request, _reply, payload, done) => {
    try {
      checkConvertLength(request, layoutSize);
    } catch (err) {
      done(err as Error);
      return;
    }
    done(null, payload);
  };
}
