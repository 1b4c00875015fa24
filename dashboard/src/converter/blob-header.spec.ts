import { formatRevision, readBlobHeader } from './blob-header';

describe('readBlobHeader', () => {
  it('reads the revision from bits 0-30 and the shadow-VMCS flag from bit 31, little-endian', () => {
    const bytes = new Uint8Array([0xd0, 0x7e, 0xe5, 0x91, 0xff]);
    expect(readBlobHeader(bytes.buffer)).toEqual({ revision: '0x11e57ed0', shadow: true });
  });

  it('needs the four header bytes', () => {
    expect(readBlobHeader(new Uint8Array(3).buffer)).toBeUndefined();
  });

  it('writes revisions as the API does: eight lower-case hex digits', () => {
    expect(formatRevision(1)).toBe('0x00000001');
  });
});
