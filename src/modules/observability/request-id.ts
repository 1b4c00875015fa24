import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';

// Printable ASCII without spaces, as an id travels through logs, event metadata and headers;
// anything else from the client is replaced, not trusted.
const ACCEPTABLE = /^[\x21-\x7e]{1,128}$/;

// Fastify's genReqId: the caller's X-Request-Id when it is sane (a proxy or client correlating
// its own logs with ours), else a fresh UUID.
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers[REQUEST_ID_HEADER];
  return typeof incoming === 'string' && ACCEPTABLE.test(incoming) ? incoming : randomUUID();
}
