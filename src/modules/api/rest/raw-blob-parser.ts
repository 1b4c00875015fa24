import type { IncomingMessage } from 'node:http';
import { errorCodes } from 'fastify';
import type { FastifyRequest } from 'fastify';

type Done = (err: Error | null, body?: Buffer) => void;

// application/octet-stream bodies (POST /convert's raw blobs) as one Buffer, without the copy
// Fastify's parseAs: 'buffer' makes of every body. Node's HTTP parser hands each body chunk over
// as a Buffer of its own (a copy out of the socket's read buffer), so a body that arrives in one
// chunk (a 4 KiB blob does) is that chunk; a chunk that is a view into a larger buffer, or a body
// in several chunks, is copied into a new Buffer, as Fastify does. Either way the body belongs
// to this request alone, and nothing else writes into it. The limits and errors are Fastify's:
// the route's bodyLimit (413), and a Content-Length that the bytes received do not match (400).
export function parseRawBlob(request: FastifyRequest, payload: IncomingMessage, done: Done): void {
  const limit = request.routeOptions.bodyLimit as number;
  const contentLength = Number(request.headers['content-length']);
  if (contentLength > limit) {
    done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
    return;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const stop = (): void => {
    payload.removeListener('data', onData);
    payload.removeListener('end', onEnd);
    payload.removeListener('error', onEnd);
  };
  function onData(chunk: Buffer | string): void {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    received += bytes.length;
    if (received > limit) {
      stop();
      done(new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE());
      return;
    }
    chunks.push(bytes);
  }
  function onEnd(err?: Error & { statusCode?: number }): void {
    stop();
    if (err) {
      if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) {
        err.statusCode = 400;
      }
      done(err);
      return;
    }
    if (!Number.isNaN(contentLength) && received !== contentLength) {
      done(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      return;
    }
    done(null, ownBuffer(chunks, received));
  }
  payload.on('data', onData);
  payload.on('end', onEnd);
  payload.on('error', onEnd);
  payload.resume();
}

// The single chunk itself when it spans the whole of its memory, else a copy.
export function ownBuffer(chunks: Buffer[], length: number): Buffer {
  const only = chunks[0];
  if (chunks.length === 1 && only !== undefined && only.byteOffset === 0 && only.buffer.byteLength === only.length) {
    return only;
  }
  return Buffer.concat(chunks, length);
}
