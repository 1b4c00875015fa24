import { CoreError } from '../../../core/errors';
import type { BlobLoss } from '../../../core/conversion/blob-loss';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// POST /convert takes the blob raw (application/octet-stream) or as base64 inside JSON.
export function decodeBlobBody(contentType: string | undefined, body: unknown): { bytes: Uint8Array; json: boolean } {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/octet-stream') {
    if (!Buffer.isBuffer(body)) {
      throw new CoreError('INVALID_BLOB', 'the request body is empty: expected the blob bytes', { offset: 0 });
    }
    return { bytes: body, json: false };
  }
  if (type === 'application/json') {
    const blob = (body as { blob?: unknown } | null)?.blob;
    if (typeof blob !== 'string' || !BASE64.test(blob) || blob.length % 4 !== 0) {
      throw new CoreError('INVALID_INPUT', 'JSON body must be {"blob": "<base64>"} with padded standard base64', { field: 'blob' });
    }
    return { bytes: Buffer.from(blob, 'base64'), json: true };
  }
  throw new CoreError('INVALID_INPUT', 'send the blob as application/octet-stream or JSON {"blob": base64}', { field: 'content-type' });
}

// ?container=nested-state (or nothing): a whole struct kvm_nested_state instead of a bare blob.
export function containerOption(container: string | null | undefined): boolean {
  if (container !== undefined && container !== null && container !== 'nested-state') {
    throw new CoreError('INVALID_INPUT', `container must be "nested-state", not ${JSON.stringify(container)}`, { field: 'container' });
  }
  return container === 'nested-state';
}

export function lossHeader(lost: BlobLoss[]): string {
  return lost.map((l) => (l.index === undefined ? l.field : `${l.field}[${l.index}]`)).join(',');
}
