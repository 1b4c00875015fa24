import type { IncomingMessage } from 'node:http';
import type { AppConfig } from '../../infra/config/env';
import { decideAccess } from '../auth/access';
import { needsReadToken } from '../auth/read-access';
import { rateLimited } from '../limits/rate-limit';
import type { TokenBuckets } from '../limits/token-buckets';
import { acceptedTypes, crossSiteRefusal } from './cross-site';

// Whether the request gate (request-gate.ts, with createApp's checks: request id, rate limit,
// read access, cross-site) would let a request to `route` on, for a lane below Fastify
// (request-lanes.ts). A request the gate would refuse goes to Fastify, whose gate refuses it in
// its own words; so the checks that take nothing run first and the rate limit's token is taken
// last, once, as the gate takes it for a request it lets on. The request id is the lane's own
// (requestIdFor, as Fastify's genReqId). A check added to the gate must be added here too:
// raw-convert-lane.e2e-spec.ts sends the same requests through both and compares the answers.
export type LaneGate = (req: IncomingMessage, ip: string) => boolean;

export function laneGate(config: Pick<AppConfig, 'readsOpen' | 'readTokens' | 'writeTokens'>, buckets: TokenBuckets, route: string): LaneGate {
  const types = acceptedTypes(route);
  const tokenNeeded = needsReadToken(config, route);
  const limited = rateLimited(route);
  return (req, ip) => {
    const method = req.method as string;
    if (tokenNeeded && !decideAccess(config, 'reader', req.headers.authorization, ip).ok) {
      return false;
    }
    if (crossSiteRefusal(method, req.headers, types) !== undefined) {
      return false;
    }
    return !limited || buckets.take(ip) === 0;
  };
}
