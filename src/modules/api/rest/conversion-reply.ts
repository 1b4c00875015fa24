import type { FastifyReply } from 'fastify';
import { formatLostField } from '../../../core/conversion/convert-blob';
import type { BlobLoss } from '../../../core/conversion/blob-loss';
import type { Conversion } from '../../compat/conversion.service';

// X-Lost-Fields: `name` or `name[i]` of each lost value, comma-separated.
export function lostFieldsHeader(lost: BlobLoss[]): string {
  return lost.map(formatLostField).join(',');
}

// A conversion answered in raw bytes: the output as the body (a view of its memory, not a
// copy), the facts JSON would carry in X- headers (API.md "Conversion").
export function rawConversionReply(reply: FastifyReply, c: Conversion): Buffer {
  if (c.auto) {
    void reply.header('x-source-candidates', c.auto.sourceCandidates.join(',')).header('x-source-layout', c.auto.from);
  }
  void reply
    .header('content-type', 'application/octet-stream')
    .header('x-lost-fields', lostFieldsHeader(c.lost))
    .header('x-plan-id', c.planId)
    .header('x-from-fingerprint', c.fromFingerprint)
    .header('x-to-fingerprint', c.toFingerprint);
  return Buffer.from(c.output.buffer, c.output.byteOffset, c.output.byteLength);
}
