import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ROUTE_BODY_LIMITS } from './body-limits';
import { LimitError, contentTypeOf, formatBytes, sendLimit } from './limit-reply';

type ErrorHandler = (this: FastifyInstance, error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;

// Wraps a route's error handler: the errors Fastify raises for a limit (body too large, no
// parser for the content type) and our hooks' LimitErrors are answered here with a
// message that names the route's limit; every other error goes where it went before (the
// route's own handler, as GraphQL has, else the instance's: Nest's exception layer).
export function limitErrorHandler(root: FastifyInstance, inner: ErrorHandler | undefined, defaultBodyLimit: number): ErrorHandler {
  return function handle(this: FastifyInstance, error, request, reply) {
    if (error instanceof LimitError) {
      return sendLimit(reply, error.statusCode, error.kind, error.message);
    }
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE': {
        const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
        const limit = request.routeOptions.bodyLimit ?? ROUTE_BODY_LIMITS.get(route) ?? defaultBodyLimit;
        const length = Number(request.headers['content-length']);
        const size = Number.isFinite(length) ? `is ${formatBytes(length)}` : 'exceeds that';
        return sendLimit(reply, 413, 'payload_too_large', `${route} accepts a body of at most ${formatBytes(limit)}; this one ${size}`);
      }
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE': {
        const type = contentTypeOf(request.headers['content-type']) || '(none)';
        return sendLimit(reply, 415, 'unsupported_media_type', `content-type ${type} is not accepted: send application/json (blobs: application/octet-stream)`);
      }
      default: {
        const next = inner ?? root.errorHandler;
        return next.call(this, error, request, reply);
      }
    }
  };
}
