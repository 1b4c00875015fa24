import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendLimit } from './limit-reply';

// A response must start within `ms` of the request having arrived in full, or the client gets 503 instead of
// a connection that hangs until its own timeout. The work goes on (an append waiting for the
// append lock may still commit), hence the advice to retry with the same Idempotency-Key.
// Fastify's own handlerTimeout cannot do this on Node 20: it disarms itself on the request's
// 'close', which Node emits as soon as a body has been read, i.e. before every POST's handler.
// Hijacked replies (the SSE stream) count as sent and are never cut. A client that goes away
// leaves its deadline to pass on a finished reply, which does nothing.
//
// No timer per request: every deadline is `ms` after its request's preHandler, so the order in
// which requests got theirs is the order in which they fall due. The replies waiting are kept in
// that order (a Map keeps insertion order) and one timer waits for the first of them; a response
// takes its reply out (HandlerDeadlines.delete, from the observer's onResponse). A request costs a clock read, a Map insert and a
// delete instead of a Timeout object, its place in Node's timer list and its removal.
export function installHandlerTimeout(fastify: FastifyInstance, ms: number): HandlerDeadlines {
  const deadlines = new HandlerDeadlines(ms, (reply) => {
    if (reply.sent || reply.raw.headersSent) {
      return;
    }
    const request = reply.request;
    request.log.warn({ reqId: request.id, route: request.routeOptions.url, ms }, 'handler timeout');
    sendLimit(reply, 503, 'timeout', `no response within ${ms} ms; a write may still complete: retry with the same Idempotency-Key`);
  });
  // From preHandler, once the body is in: a body that never finishes is the request timeout's
  // (one 408, the connection closed), never a 503 first and a 408 after it on the same socket.
  fastify.addHook('preHandler', (_request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    deadlines.add(reply);
    done();
  });
  return deadlines;
}

export class HandlerDeadlines {
  private readonly waiting = new Map<FastifyReply, number>(); // reply → when it falls due (performance.now() ms)
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly expire: (reply: FastifyReply) => void,
  ) {}

  add(reply: FastifyReply): void {
    this.waiting.set(reply, performance.now() + this.ms);
    if (this.timer === undefined) {
      this.arm(this.ms);
    }
  }

  // The response has gone (http-observer.ts's onResponse, one hook for both).
  delete(reply: FastifyReply): void {
    this.waiting.delete(reply);
  }

  private arm(wait: number): void {
    this.timer = setTimeout(this.due, Math.max(1, Math.ceil(wait)));
    this.timer.unref();
  }

  private readonly due = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (const [reply, at] of this.waiting) {
      if (at > now) {
        this.arm(at - now);
        return;
      }
      this.waiting.delete(reply);
      this.expire(reply);
    }
  };
}
