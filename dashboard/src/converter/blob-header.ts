// The vmcs12 header: a little-endian u32 at offset 0, bits 0-30 the revision id and bit 31
// the shadow-VMCS flag (struct vmcs_hdr from 4.19 on; a plain u32 before).
export interface BlobHeader {
  revision: string; // "0x11e57ed0", as the API writes revisions
  shadow: boolean;
}

export function readBlobHeader(bytes: ArrayBuffer): BlobHeader | undefined {
  if (bytes.byteLength < 4) {
    return undefined;
  }
  const word = new DataView(bytes).getUint32(0, true);
  return { revision: formatRevision(word & 0x7fffffff), shadow: (word & 0x80000000) !== 0 };
}

export function formatRevision(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
