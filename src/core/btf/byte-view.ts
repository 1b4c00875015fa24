import { btfError, type BtfWhere } from './btf-error';

// Little-endian reads over a window of a file, each checked against the window's end: a
// truncated or lying file becomes an error naming the byte offset in the file, never an
// out-of-range read. `base` is the window's offset in the file, for messages.
export class ByteView {
  private readonly view: DataView;
  readonly length: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly base: number,
    private readonly where: Omit<BtfWhere, 'offset'>,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  u8(at: number, what: string): number {
    this.need(at, 1, what);
    return this.view.getUint8(at);
  }

  u16(at: number, what: string): number {
    this.need(at, 2, what);
    return this.view.getUint16(at, true);
  }

  u32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.view.getUint32(at, true);
  }

  i32(at: number, what: string): number {
    this.need(at, 4, what);
    return this.view.getInt32(at, true);
  }

  // Offsets and sizes in ELF64 are u64; anything past 2^53 cannot be in a file we hold.
  u64(at: number, what: string): number {
    this.need(at, 8, what);
    const lo = this.view.getUint32(at, true);
    const hi = this.view.getUint32(at + 4, true);
    if (hi >= 0x20_0000) {
      throw this.error(`${what} is 0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}, beyond any file`, at);
    }
    return hi * 0x1_0000_0000 + lo;
  }

  // A sub-window [at, at + size), checked.
  slice(at: number, size: number, what: string, where: Omit<BtfWhere, 'offset'> = this.where): ByteView {
    this.need(at, size, what);
    return new ByteView(this.bytes.subarray(at, at + size), this.base + at, where);
  }

  need(at: number, size: number, what: string): void {
    // comparisons that NaN fails too; every offset is an integer sum of integers read from the file
    if (!(at >= 0 && size >= 0 && at + size <= this.length)) {
      const end = this.base + this.length;
      throw this.error(`${what} (${size} bytes at ${this.base + at}) runs past the end at byte ${end}: the file is truncated or corrupt`, at);
    }
  }

  error(message: string, at: number, extra: Partial<BtfWhere> = {}): Error {
    return btfError(message, { ...this.where, offset: this.base + at, ...extra });
  }
}
