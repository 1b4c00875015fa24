import type { IndexedField, IndexedLayout } from './field-index';

export interface Overlap {
  a: IndexedField;
  b: IndexedField;
}

// Pairs of differently named data fields of A and B that share at least one byte: a blob of
// one layout read as the other puts one field's value into the other. Both lists are sorted and
// a layout's data fields do not overlap each other, so one sweep finds every pair.
export function renamedOverlaps(a: IndexedLayout, b: IndexedLayout): Overlap[] {
  const out: Overlap[] = [];
  let i = 0;
  let j = 0;
  while (i < a.data.length && j < b.data.length) {
    const fa = a.data[i] as IndexedField;
    const fb = b.data[j] as IndexedField;
    if (fa.end <= fb.field.offset) {
      i++;
    } else if (fb.end <= fa.field.offset) {
      j++;
    } else {
      if (fa.key !== fb.key) {
        out.push({ a: fa, b: fb });
      }
      if (fa.end <= fb.end) {
        i++;
      } else {
        j++;
      }
    }
  }
  return out;
}
