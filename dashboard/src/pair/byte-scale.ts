// Maps a byte offset to a vertical pixel position. The bytes any field uses are drawn at the
// chosen zoom; the unused tail up to VMCS12_SIZE (most of the 4 KiB) folds into a short band,
// so the map still spans 0..size without drowning the fields in blank space.
export interface ByteScale {
  y(offset: number): number;
  usedEnd: number; // first byte of the folded tail, a multiple of TICK
  size: number;
  height: number;
  ticks: number[]; // offsets to label in the ruler
}

export const TICK = 64; // bytes between ruler labels: one cache line
const TAIL_PX = 56;

export function makeByteScale(usedBytes: number, size: number, pxPerByte: number): ByteScale {
  const usedEnd = Math.min(size, Math.ceil(Math.max(usedBytes, 1) / TICK) * TICK);
  const tail = usedEnd < size ? TAIL_PX : 0;
  const y = (offset: number): number =>
    offset <= usedEnd ? offset * pxPerByte : usedEnd * pxPerByte + ((offset - usedEnd) / (size - usedEnd)) * tail;
  const ticks: number[] = [];
  for (let offset = 0; offset <= usedEnd; offset += TICK) {
    ticks.push(offset);
  }
  if (usedEnd < size) {
    ticks.push(size);
  }
  return { y, usedEnd, size, height: usedEnd * pxPerByte + tail, ticks };
}
