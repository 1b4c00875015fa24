import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../infra/config/env';
import type { CheckForRoute } from '../edge/request-gate';
import { sendLimit } from '../limits/limit-reply';
import { decideAccess } from './access';

// Routes anyone may call whatever READS_OPEN says: an orchestrator's probes carry no token.
// /metrics is not among them: its labels name layouts, and Prometheus sends a bearer token
// (`authorization` in the scrape config).
export const OPEN_ROUTES: ReadonlySet<string> = new Set(['/health', '/health/live', '/health/ready']);

export const GRAPHQL_PATH = '/graphql';

// READS_OPEN=false: every request but the probes carries a reader (or writer) token. Enforced
// in onRequest for every route, matched or not (a 404 says nothing to a stranger either), so a
// route added later is closed by default; writes are then checked again for the writer role by
// their guards. The one exception is a WebSocket upgrade on /graphql without an Authorization
// header: browsers cannot set one, so its token is checked at connection_init
// (graphql-ws-guard.ts). With reads closed, loopback clients need a token too. A check of the
// request gate (edge/request-gate.ts), after the rate limit (a flood of unauthenticated
// requests is throttled first), before any body is read.
export function readAccessCheck(config: Pick<AppConfig, 'readsOpen' | 'readTokens' | 'writeTokens'>): CheckForRoute {
  return (route) => {
    if (!needsReadToken(config, route)) {
      return undefined; // READS_OPEN is read once at start: no check on the request path when reads are open
    }
    return (request: FastifyRequest, reply: FastifyReply): boolean => {
      const authorization = request.headers.authorization;
      if (authorization === undefined && route === GRAPHQL_PATH && isUpgrade(request)) {
        return false;
      }
      const decision = decideAccess(config, 'reader', authorization, request.ip);
      if (decision.ok) {
        return false;
      }
      endUpgradeAfterReply(request, reply);
      refuse(reply, route, decision.status, decision.message);
      return true;
    };
  };
}

// Whether requests to `route` (undefined: unmatched) must carry a reader token: the read access
// check's decision per route, which the raw conversion lane's gate takes too (edge/lane-gate.ts).
export function needsReadToken(config: Pick<AppConfig, 'readsOpen'>, route: string | undefined): boolean {
  return !config.readsOpen && !(route !== undefined && OPEN_ROUTES.has(route));
}

export function isUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

// An upgrade refused before @fastify/websocket's own hooks ran: nobody else closes its socket,
// which Node has already detached from the HTTP server (a refused client would hold it forever).
export function endUpgradeAfterReply(request: FastifyRequest, reply: FastifyReply): void {
  if (isUpgrade(request)) {
    const socket = request.raw.socket;
    void reply.header('connection', 'close');
    reply.raw.once('finish', () => socket.end());
    socket.setTimeout(1000, () => socket.destroy());
  }
}

// REST clients get the API's error body; GraphQL clients the GraphQL shape with the code its
// resolvers use for the same refusal.
function refuse(reply: FastifyReply, route: string | undefined, status: 401 | 403, message: string): void {
  const error = status === 401 ? 'unauthorized' : 'forbidden';
  if (route === GRAPHQL_PATH) {
    const code = status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN';
    void reply
      .code(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ data: null, errors: [{ message, extensions: { code, error } }] });
    return;
  }
  sendLimit(reply, status, error, message);
}
