import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CheckForRoute } from '../edge/request-gate';
import { sendLimit } from './limit-reply';
import type { TokenBuckets } from './token-buckets';

// Probes must never be throttled: an orchestrator that gets 429 from /health restarts a
// healthy instance, and a scraper that gets it loses the very metrics that show the flood.
export const RATE_LIMIT_EXEMPT: ReadonlySet<string> = new Set(['/health', '/health/live', '/health/ready', '/metrics']);

// Per client IP (the socket's address: trustProxy is off, so X-Forwarded-For cannot be forged
// into someone else's budget). A check of the request gate (edge/request-gate.ts): onRequest,
// before the body is read; the exempt routes get no check at all.
export function rateLimitCheck(buckets: TokenBuckets): CheckForRoute {
  const check = (request: FastifyRequest, reply: FastifyReply): boolean => {
    const waitMs = buckets.take(request.ip);
    if (waitMs === 0) {
      return false;
    }
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    void reply.header('retry-after', String(seconds));
    sendLimit(
      reply,
      429,
      'rate_limited',
      `too many requests from ${request.ip}: the limit is ${buckets.perMinute} per minute (bursts of ${buckets.burst}); retry in ${seconds} s`,
    );
    return true;
  };
  return (url) => (rateLimited(url) ? check : undefined);
}

// Whether requests to `url` (undefined: unmatched) are rate limited: the check's decision per
// route, which the raw conversion lane's gate takes too (edge/lane-gate.ts).
export function rateLimited(url: string | undefined): boolean {
  return !(url !== undefined && RATE_LIMIT_EXEMPT.has(url));
}
