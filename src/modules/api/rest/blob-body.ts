import { CoreError } from '../../../core/errors';
import { contentTypeOf } from '../../limits/limit-reply';
import { decodeBase64Blob } from '../requests/blob-input';

export const RAW_MEDIA_TYPE = 'application/octet-stream';

// POST /convert and /identify take the blob raw (application/octet-stream) or as base64 inside
// JSON; `json` says which, for the shape of the answer.
export function decodeBlobBody(contentType: string | undefined, body: unknown): { bytes: Uint8Array; json: boolean } {
  const type = contentTypeOf(contentType);
  if (type === RAW_MEDIA_TYPE) {
    if (!Buffer.isBuffer(body)) {
      throw new CoreError('INVALID_BLOB', 'the request body is empty: expected the blob bytes', { offset: 0 });
    }
    return { bytes: body, json: false };
  }
  if (type === 'application/json') {
    return { bytes: decodeBase64Blob((body as { blob?: unknown } | null)?.blob), json: true };
  }
  throw new CoreError('INVALID_INPUT', 'send the blob as application/octet-stream or JSON {"blob": base64}', { field: 'content-type' });
}
