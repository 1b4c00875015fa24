import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';

export interface Timeouts {
  headersMs: number; // the request line and headers must arrive within this
  requestMs: number; // ... and the whole body within this (slow-loris uploads)
  handlerMs: number; // a response must start within this after the request arrives (503 after)
  connectionMs: number; // a socket silent this long is closed
  keepAliveMs: number; // an idle keep-alive connection is closed after this
}

// handlerMs is the event store's transaction timeout, so an append waiting for the append lock
// gives up no later than its request; connectionMs is above it and above the 15 s SSE
// keep-alive, so only a truly dead socket is cut.
export const DEFAULT_TIMEOUTS: Timeouts = {
  headersMs: 10_000,
  requestMs: 30_000,
  handlerMs: 30_000,
  connectionMs: 65_000,
  keepAliveMs: 72_000,
};

// Fastify's options for the socket-level timeouts (handlerMs is a hook: handler-timeout.ts).
// Node checks the header and request deadlines on a timer (connectionsCheckingInterval, 30 s by
// default), so a deadline fires up to that much late; checking a few times per deadline keeps it
// close.
export function timeoutOptions(t: Timeouts): {
  connectionTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  http: { headersTimeout: number; connectionsCheckingInterval: number };
} {
  return {
    connectionTimeout: t.connectionMs,
    requestTimeout: t.requestMs,
    keepAliveTimeout: t.keepAliveMs,
    http: {
      headersTimeout: Math.min(t.headersMs, t.requestMs),
      connectionsCheckingInterval: Math.max(100, Math.min(5000, Math.floor(t.headersMs / 4))),
    },
  };
}

// Errors Node raises before a request exists (no route, no reply): a timed-out or malformed
// request. Answered in the API's error shape on the raw socket, then the socket is closed.
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) {
    return;
  }
  const [status, error, message] =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, 'request_timeout', 'the request was not received in time: headers and body must arrive within the server\'s request timeout']
      : err.code === 'HPE_HEADER_OVERFLOW'
        ? [431, 'headers_too_large', 'the request headers exceed the server\'s limit (16 KiB)']
        : [400, 'bad_request', 'the request is not valid HTTP/1.1'];
  const body = JSON.stringify({ error, message });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
