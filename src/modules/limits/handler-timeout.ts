import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendLimit } from './limit-reply';

// A response must start within `ms` of the request having arrived in full, or the client gets 503 instead of
// a connection that hangs until its own timeout. The work goes on (an append waiting for the
// append lock may still commit), hence the advice to retry with the same Idempotency-Key.
// Fastify's own handlerTimeout cannot do this on Node 20: it disarms itself on the request's
// 'close', which Node emits as soon as a body has been read, i.e. before every POST's handler.
// Hijacked replies (the SSE stream) count as sent and are never cut. A client that goes away
// leaves its timer to fire into a finished reply, which does nothing.
export function installHandlerTimeout(fastify: FastifyInstance, ms: number): void {
  fastify.decorateRequest('handlerTimer', null);
  // From preHandler, once the body is in: a body that never finishes is the request timeout's
  // (one 408, the connection closed), never a 503 first and a 408 after it on the same socket.
  fastify.addHook('preHandler', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const timer = setTimeout(() => {
      if (reply.sent || reply.raw.headersSent) {
        return;
      }
      request.log.warn({ reqId: request.id, route: request.routeOptions.url, ms }, 'handler timeout');
      sendLimit(reply, 503, 'timeout', `no response within ${ms} ms; a write may still complete: retry with the same Idempotency-Key`);
    }, ms);
    timer.unref();
    (request as TimedRequest).handlerTimer = timer;
    done();
  });
}

// Called when the response has gone (http-observer.ts's onResponse, one hook for both).
export function clearHandlerTimer(request: FastifyRequest): void {
  const timer = (request as TimedRequest).handlerTimer;
  if (timer !== null) {
    clearTimeout(timer);
  }
}

type TimedRequest = FastifyRequest & { handlerTimer: NodeJS.Timeout | null };
