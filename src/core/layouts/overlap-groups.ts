import type { LayoutField } from './layout';

// How layoutToC recovers unions from a flat field list: declaration order is cut into segments
// wherever everything before lies below everything after; a segment of several fields overlaps
// itself and is printed as a union whose members are cut by unionMembers.

const end = (f: LayoutField): number => f.offset + f.size;

// Cuts declaration order where every field before ends at or below every field after.
export function overlapSegments(fields: LayoutField[]): LayoutField[][] {
  const suffixMin: number[] = new Array<number>(fields.length + 1).fill(Infinity);
  for (let i = fields.length - 1; i >= 0; i--) {
    suffixMin[i] = Math.min(suffixMin[i + 1] ?? Infinity, fields[i]?.offset ?? Infinity);
  }
  const out: LayoutField[][] = [];
  let current: LayoutField[] = [];
  let reach = -Infinity;
  fields.forEach((f, i) => {
    if (current.length > 0 && (suffixMin[i] ?? Infinity) >= reach) {
      out.push(current);
      current = [];
    }
    current.push(f);
    reach = Math.max(reach, end(f));
  });
  if (current.length > 0) {
    out.push(current);
  }
  return out;
}

// Union members of one segment: a new member starts wherever a field goes back below what its member
// already covers. Each member then lays out without further overlap at this level.
export function unionMembers(fields: LayoutField[]): LayoutField[][] {
  const members: LayoutField[][] = [];
  let reach = Infinity;
  for (const f of fields) {
    const current = members[members.length - 1];
    if (!current || f.offset < reach) {
      members.push([f]);
      reach = end(f);
    } else {
      current.push(f);
      reach = Math.max(reach, end(f));
    }
  }
  return members;
}
