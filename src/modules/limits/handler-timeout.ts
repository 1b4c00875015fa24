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
// which requests got theirs is the order in which they fall due. The replies waiting form a
// list in that order, linked through fields every reply has (decorateReply: no allocation and
// no hashing per request), and one timer waits for the first of them; a response unlinks its
// reply (HandlerDeadlines.delete, from the observer's onResponse). A request costs a clock read
// and a few field writes instead of a Timeout object and a closure, its place in Node's timer
// list and its removal. (A Map of the waiting replies cost more than the timers: V8 rehashes its
// table as entries come and go.)
export function installHandlerTimeout(fastify: FastifyInstance, ms: number): HandlerDeadlines {
  fastify.decorateReply('handlerDue', 0);
  fastify.decorateReply('handlerPrev', null);
  fastify.decorateReply('handlerNext', null);
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

// The fields installHandlerTimeout puts on every reply. handlerDue is 0 while the reply is not
// waiting (before its preHandler, and once it has left the list).
interface Waiting {
  handlerDue: number; // performance.now() ms
  handlerPrev: Waiting | null;
  handlerNext: Waiting | null;
}

export class HandlerDeadlines {
  private head: Waiting | null = null;
  private tail: Waiting | null = null;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly expire: (reply: FastifyReply) => void,
  ) {}

  add(reply: FastifyReply): void {
    const r = reply as unknown as Waiting;
    this.delete(reply); // a reply waits once
    r.handlerDue = performance.now() + this.ms;
    r.handlerPrev = this.tail;
    r.handlerNext = null;
    if (this.tail) {
      this.tail.handlerNext = r;
    } else {
      this.head = r;
    }
    this.tail = r;
    if (this.timer === undefined) {
      this.arm(this.ms);
    }
  }

  // The response has gone, or the deadline passed.
  delete(reply: FastifyReply): void {
    const r = reply as unknown as Waiting;
    if (!r.handlerDue) {
      return;
    }
    if (r.handlerPrev) {
      r.handlerPrev.handlerNext = r.handlerNext;
    } else {
      this.head = r.handlerNext;
    }
    if (r.handlerNext) {
      r.handlerNext.handlerPrev = r.handlerPrev;
    } else {
      this.tail = r.handlerPrev;
    }
    r.handlerPrev = null;
    r.handlerNext = null;
    r.handlerDue = 0;
  }

  private arm(wait: number): void {
    this.timer = setTimeout(this.due, Math.max(1, Math.ceil(wait)));
    this.timer.unref();
  }

  private readonly due = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (let r = this.head; r !== null; r = this.head) {
      if (r.handlerDue > now) {
        this.arm(r.handlerDue - now);
        return;
      }
      const reply = r as unknown as FastifyReply;
      this.delete(reply);
      this.expire(reply);
    }
  };
}
