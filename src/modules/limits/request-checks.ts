import type { FastifyRequest } from 'fastify';
import { NESTED_STATE_MAX_BYTES, SOURCE_MAX_BYTES, convertBodyLimit } from './body-limits';
import { LimitError, contentTypeOf, formatBytes } from './limit-reply';

export type LayoutSizeOf = (name: string) => number | undefined;

// preParsing for POST /convert/:from/:to: the body may be as large as the source layout's blob
// or a kvm_nested_state, whichever is larger (base64 in JSON accordingly). Decided from
// Content-Length before a byte is read; a chunked body is bounded by the route's static cap
// instead, and the converter then names the size it expected.
export function checkConvertLength(request: FastifyRequest, layoutSize: LayoutSizeOf): void {
  const length = Number(request.headers['content-length']);
  if (!Number.isFinite(length) || length <= NESTED_STATE_MAX_BYTES) {
    return; // no limit is lower: the common case needs no lookups
  }
  const json = contentTypeOf(request.headers['content-type']) === 'application/json';
  const from = (request.params as { from?: string }).from ?? '';
  const size = layoutSize(from);
  const limit = convertBodyLimit(size, json);
  if (length <= limit) {
    return;
  }
  const what = json ? 'a JSON body ({"blob": base64})' : 'a raw blob';
  const basis = size === undefined ? 'a kvm_nested_state with vmcs12 and shadow vmcs12' : `a ${from} blob is ${size} bytes; a kvm_nested_state up to 8320`;
  throw new LimitError(413, 'payload_too_large', `${what} for this conversion is at most ${formatBytes(limit)} (${basis}); this one is ${formatBytes(length)}`);
}

// preValidation for POST /layouts: C text is capped at 1 MiB, measured in UTF-8 bytes as the
// parser's budget is, and refused as too large (413) rather than as malformed.
export function checkSourceSize(request: FastifyRequest): void {
  const source = (request.body as { source?: unknown } | null | undefined)?.source;
  if (typeof source !== 'string' || source.length * 3 <= SOURCE_MAX_BYTES) {
    return; // three UTF-8 bytes per UTF-16 unit at most: too short to be too long
  }
  const bytes = Buffer.byteLength(source, 'utf8');
  if (bytes > SOURCE_MAX_BYTES) {
    throw new LimitError(413, 'payload_too_large', `source is ${formatBytes(bytes)} of C text; the limit is ${formatBytes(SOURCE_MAX_BYTES)}`);
  }
}
