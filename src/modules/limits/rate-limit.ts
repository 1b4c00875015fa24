import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sendLimit } from './limit-reply';
import { TokenBuckets } from './token-buckets';

// Probes must never be throttled: an orchestrator that gets 429 from /health restarts a
// healthy instance, and a scraper that gets it loses the very metrics that show the flood.
export const RATE_LIMIT_EXEMPT: ReadonlySet<string> = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

// Per client IP (the socket's address: trustProxy is off, so X-Forwarded-For cannot be forged
// into someone else's budget). Runs in onRequest, before the body is read.
export function installRateLimit(fastify: FastifyInstance, perMinute: number, now: () => number = Date.now): TokenBuckets {
  const buckets = new TokenBuckets(perMinute, now);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url;
    if (route !== undefined && RATE_LIMIT_EXEMPT.has(route)) {
      done();
      return;
    }
    const waitMs = buckets.take(request.ip);
    if (waitMs === 0) {
      done();
      return;
    }
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    void reply.header('retry-after', String(seconds));
    sendLimit(
      reply,
      429,
      'rate_limited',
      `too many requests from ${request.ip}: the limit is ${perMinute} per minute (bursts of ${buckets.burst}); retry in ${seconds} s`,
    );
  });
  return buckets;
}
