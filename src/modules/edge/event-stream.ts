import type { ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { StoredEvent } from '../../core/events/events';
import { sendLimit } from '../limits/limit-reply';
import { ConnectionCaps, refusalMessage } from './connection-caps';
import type { CapLimits } from './connection-caps';
import { appendRouteHook } from './route-hooks';

export interface SseLimits {
  bufferBytes: number; // a client's unsent bytes past which it is dropped at once
  slowClientMs: number; // a client whose buffer has not drained within this is dropped
  keepAliveMs: number;
  pageSize: number; // events read from the log at once while a stream catches up
  streams: CapLimits;
}

export const DEFAULT_SSE_LIMITS: SseLimits = {
  bufferBytes: 1024 * 1024,
  slowClientMs: 30_000,
  keepAliveMs: 15_000,
  pageSize: 20,
  streams: { perClient: 16, total: 1000 },
};

export const EVENT_STREAM_PATH = '/events/stream';

// Streams per client address and in total, counted from the request until its response closes;
// refused before the stream starts (429 for one address over its share, 503 when full).
export function capEventStreams(fastify: FastifyInstance, limits: CapLimits): ConnectionCaps {
  const caps = new ConnectionCaps(limits);
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== EVENT_STREAM_PATH) {
      return;
    }
    route.onRequest = appendRouteHook(route.onRequest as never, async (request: FastifyRequest, reply: FastifyReply) => {
      const refusal = caps.take(request.ip);
      if (refusal !== undefined) {
        void reply.header('retry-after', '5');
        sendLimit(reply, refusal === 'client' ? 429 : 503, 'too_many_connections', refusalMessage('event streams', refusal, limits, request.ip));
        return reply;
      }
      caps.holdUntilClosed(request.ip, reply.raw);
      return undefined;
    }) as never;
  });
  return caps;
}

// Answers the request with a text/event-stream of `events`, taking the response over from
// Fastify; a client that goes away aborts `abort`, which ends the feed.
export function sendEventStream(req: FastifyRequest, reply: FastifyReply, events: AsyncIterable<StoredEvent>, limits: SseLimits, abort: AbortController): void {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  raw.write(': vmcs12-registry event stream\n\n');
  req.raw.on('close', () => abort.abort());
  void writeEventStream(raw, events, limits, () => abort.abort());
}

// Writes events as server-sent events at the pace the client reads them: after a write the
// socket refuses (write() returned false), the next event waits for 'drain', so a client holds
// at most its socket's buffer plus one event. A client that lets more than bufferBytes pile up,
// or does not drain within slowClientMs, is dropped; EventSource reconnects with Last-Event-ID
// and resumes where it stopped. Resolves when the stream ends, for whatever reason.
export async function writeEventStream(raw: ServerResponse, events: AsyncIterable<StoredEvent>, limits: SseLimits, stop: () => void): Promise<void> {
  const keepAlive = setInterval(() => {
    if (raw.writableLength === 0) {
      raw.write(': keep-alive\n\n');
    }
  }, limits.keepAliveMs);
  try {
    for await (const event of events) {
      if (raw.destroyed) {
        return;
      }
      if (!raw.write(`id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`)) {
        if (raw.writableLength > limits.bufferBytes || !(await drained(raw, limits.slowClientMs))) {
          raw.destroy(); // dropped: the client resumes from its Last-Event-ID
          return;
        }
      }
    }
  } catch {
    // The client went away or the feed closed with the app: nothing left to tell anyone.
  } finally {
    clearInterval(keepAlive);
    stop();
    if (!raw.destroyed) {
      raw.end();
    }
  }
}

function drained(raw: ServerResponse, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const done = (ok: boolean): void => {
      clearTimeout(timer);
      raw.off('drain', onDrain);
      raw.off('close', onClose);
      resolve(ok);
    };
    const onDrain = (): void => done(true);
    const onClose = (): void => done(false);
    const timer = setTimeout(() => done(false), ms);
    raw.on('drain', onDrain);
    raw.on('close', onClose);
  });
}
