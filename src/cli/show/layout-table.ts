import type { FieldRole, Layout, LayoutField } from '../../core/layouts/layout';

// A layout as pahole shows a struct: fields in declaration order with the holes between them.
// A hole is bytes no field covers (alignment gaps of unpacked nested structs, gaps left in
// JSON layouts); padding fields are named reserve and are not holes. Union members start at or
// below what is already covered, so they never open a hole.
export type TableRow = { kind: 'field'; field: LayoutField } | { kind: 'hole'; offset: number; size: number };

export interface LayoutTable {
  rows: TableRow[];
  used: number; // bytes from 0 to the end of the last field
  free: number; // bytes after that, up to the blob size: room a later kernel can append in
  holes: number; // bytes in holes
  holeCount: number;
  bytesByRole: Record<FieldRole, number>; // views overlay other fields and are counted apart
}

export function layoutTable(layout: Layout): LayoutTable {
  const rows: TableRow[] = [];
  const bytesByRole: Record<FieldRole, number> = { header: 0, data: 0, padding: 0, view: 0 };
  let reach = 0;
  let holes = 0;
  let holeCount = 0;
  for (const field of layout.fields) {
    if (field.offset > reach) {
      rows.push({ kind: 'hole', offset: reach, size: field.offset - reach });
      holes += field.offset - reach;
      holeCount++;
    }
    rows.push({ kind: 'field', field });
    bytesByRole[field.role] += field.size;
    reach = Math.max(reach, field.offset + field.size);
  }
  return { rows, used: reach, free: layout.size - reach, holes, holeCount, bytesByRole };
}
