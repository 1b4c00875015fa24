import { CoreError } from '../../../core/errors';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

// A blob sent as text (REST's JSON body {"blob": ...}, GraphQL's blob argument): padded
// standard base64, nothing else.
export function decodeBase64Blob(blob: unknown): Uint8Array {
  if (typeof blob !== 'string' || !BASE64.test(blob) || blob.length % 4 !== 0) {
    throw new CoreError('INVALID_INPUT', 'JSON body must be {"blob": "<base64>"} with padded standard base64', { field: 'blob' });
  }
  return Buffer.from(blob, 'base64');
}

// container "nested-state" (or nothing): the blob is a whole struct kvm_nested_state instead
// of a bare vmcs12.
export function parseContainer(container: string | null | undefined): boolean {
  if (container !== undefined && container !== null && container !== 'nested-state') {
    throw new CoreError('INVALID_INPUT', `container must be "nested-state", not ${JSON.stringify(container)}`, { field: 'container' });
  }
  return container === 'nested-state';
}
