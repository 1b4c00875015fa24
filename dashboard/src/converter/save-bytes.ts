// An object URL for converted bytes. It stays valid for the "download again" link until the
// next result replaces it.
let current: string | undefined;

export function bytesUrl(bytes: Uint8Array): string {
  if (current !== undefined) {
    URL.revokeObjectURL(current);
  }
  const copy = new Uint8Array(bytes); // ArrayBuffer-backed, as the Blob constructor's type wants
  current = URL.createObjectURL(new Blob([copy], { type: 'application/octet-stream' }));
  return current;
}
