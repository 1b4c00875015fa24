import type { FastifyReply } from 'fastify';
import { formatLostField } from '../../../core/conversion/convert-blob';
import type { BlobLoss } from '../../../core/conversion/blob-loss';
import type { Conversion } from '../../compat/conversion.service';
import { setHeaderList } from '../header-list';

// X-Lost-Fields: `name` or `name[i]` of each lost value, comma-separated.
export function lostFieldsHeader(lost: BlobLoss[]): string {
  return lost.map(formatLostField).join(',');
}

// The headers of a conversion answered in raw bytes, as name, value, name, value...: the facts
// JSON would carry, in X- headers (API.md "Conversion"). The Fastify route and the lane below it
// (raw-convert-lane.ts) both send these, in this order, after the ones already in `headers`.
export function conversionHeaders(c: Conversion, headers: string[] = []): string[] {
  if (c.auto) {
    headers.push('x-source-candidates', c.auto.sourceCandidates.join(','), 'x-source-layout', c.auto.from);
  }
  headers.push(
    'content-type',
    'application/octet-stream',
    'x-lost-fields',
    lostFieldsHeader(c.lost),
    'x-plan-id',
    c.planId,
    'x-from-fingerprint',
    c.fromFingerprint,
    'x-to-fingerprint',
    c.toFingerprint,
  );
  return headers;
}

// The output as the body: a view of its memory, not a copy.
export function conversionBody(c: Conversion): Buffer {
  return Buffer.from(c.output.buffer, c.output.byteOffset, c.output.byteLength);
}

// A conversion answered in raw bytes on a Fastify reply: the headers set, the body returned.
export function rawConversionReply(reply: FastifyReply, c: Conversion): Buffer {
  setHeaderList(reply, conversionHeaders(c));
  return conversionBody(c);
}
