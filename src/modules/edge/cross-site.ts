import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { contentTypeOf, sendLimit } from '../limits/limit-reply';
import type { CheckForRoute } from './request-gate';

// A browser sends a cross-site POST without asking first (no CORS preflight) when its body is
// a form (application/x-www-form-urlencoded, multipart/form-data) or text/plain, and it attaches
// no bearer token but does reach a loopback-only write from any page open on the host. So:
// 1. A body is accepted only as application/json, or application/octet-stream on the routes
//    that take blobs; anything else is 415 before a byte of it is read. A browser cannot send
//    JSON across sites without a preflight, which this service never answers.
// 2. A request that changes state and says it comes from another site (Sec-Fetch-Site, or an
//    Origin other than the Host it was sent to, or "null") is 403, whatever its body: a
//    cross-site page gets nowhere even without a body or through a same-host proxy.
// GraphQL mutations over GET are refused by mercurius (405); over a body, only JSON arrives.
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_ONLY: ReadonlySet<string> = new Set(['application/json']);
const JSON_OR_BLOB: ReadonlySet<string> = new Set(['application/json', 'application/octet-stream']);
const CROSS_SITE: ReadonlySet<string> = new Set(['cross-site', 'same-site']);

// The routes whose bodies may be raw blobs: conversions and identification.
export function acceptedTypes(route: string | undefined): ReadonlySet<string> {
  return route !== undefined && (route.startsWith('/convert/') || route.startsWith('/identify')) ? JSON_OR_BLOB : JSON_ONLY;
}

// A check of the request gate (request-gate.ts): routes that take only safe methods get none.
export function crossSiteCheck(): CheckForRoute {
  return (route, methods) => {
    if (methods.every((m) => SAFE_METHODS.has(m))) {
      return undefined;
    }
    const types = acceptedTypes(route);
    return (request: FastifyRequest, reply: FastifyReply): boolean => {
      const refusal = crossSiteRefusal(request.method, request.headers, types);
      if (refusal === undefined) {
        return false;
      }
      sendLimit(reply, refusal.status, refusal.error, refusal.message);
      return true;
    };
  };
}

export interface Refusal {
  status: number;
  error: string;
  message: string;
}

// What the check answers a request with, or undefined to let it on: the gate's check, and the
// raw conversion lane's (raw-convert-lane.ts), which hands a request it would refuse to Fastify.
export function crossSiteRefusal(method: string, headers: IncomingHttpHeaders, types: ReadonlySet<string>): Refusal | undefined {
  if (SAFE_METHODS.has(method)) {
    return undefined;
  }
  const site = headers['sec-fetch-site'];
  const origin = headers.origin;
  if ((site !== undefined && CROSS_SITE.has(site)) || (origin !== undefined && !sameOrigin(origin, headers.host))) {
    return { status: 403, error: 'cross_origin', message: `a ${method} from another site (Origin ${origin ?? 'not sent'}, Sec-Fetch-Site ${site ?? 'not sent'}) is refused: this service answers no cross-origin requests` };
  }
  if (hasBody(headers)) {
    const type = contentTypeOf(headers['content-type']);
    if (!types.has(type)) {
      return { status: 415, error: 'unsupported_media_type', message: `content-type ${type || '(none)'} is not accepted here: send ${[...types].join(' or ')}` };
    }
  }
  return undefined;
}

function hasBody(headers: IncomingHttpHeaders): boolean {
  const length = headers['content-length'];
  return headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

// Origin is scheme://host[:port]; the request's Host header is host[:port]. "null" (a sandboxed
// frame, a file:// page) never matches.
function sameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) {
    return false;
  }
  const at = origin.indexOf('://');
  return at > 0 && origin.slice(at + 3).toLowerCase() === host.toLowerCase();
}
