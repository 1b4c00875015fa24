// Display formats shared by every view: offsets in hex (as vmcs12.h comments write them),
// sizes in bytes, times in the reader's locale.

export function hexOffset(offset: number): string {
  return `0x${offset.toString(16).padStart(3, '0')}`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function bytes(n: number): string {
  return plural(n, 'byte');
}

export function shortTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
