import { CoreError } from '../../../core/errors';

// A blob sent as text (REST's JSON body {"blob": ...}, GraphQL's blob argument): padded
// standard base64, nothing else. Checked by decoding rather than by a regular expression over
// the text (a 4 KiB blob is 5.5 KB of it; the expression cost more than the decode): Node's
// decoder skips any character outside the alphabet and stops at a '=' that is not trailing
// padding, so any such character leaves fewer bytes than the text's length promises. It also
// takes base64url's '-' and '_', which are refused first. Accepts exactly what
// /^[A-Za-z0-9+/]*={0,2}$/ with a length that is a multiple of 4 accepted.
export function decodeBase64Blob(blob: unknown): Uint8Array {
  if (typeof blob === 'string' && blob.length % 4 === 0 && !blob.includes('-') && !blob.includes('_')) {
    const padding = blob.endsWith('==') ? 2 : blob.endsWith('=') ? 1 : 0;
    const bytes = Buffer.from(blob, 'base64');
    if (bytes.length === (blob.length / 4) * 3 - padding) {
      return bytes;
    }
  }
  throw new CoreError('INVALID_INPUT', 'JSON body must be {"blob": "<base64>"} with padded standard base64', { field: 'blob' });
}

// container "nested-state" (or nothing): the blob is a whole struct kvm_nested_state instead
// of a bare vmcs12.
export function parseContainer(container: string | null | undefined): boolean {
  if (container !== undefined && container !== null && container !== 'nested-state') {
    throw new CoreError('INVALID_INPUT', `container must be "nested-state", not ${JSON.stringify(container)}`, { field: 'container' });
  }
  return container === 'nested-state';
}
