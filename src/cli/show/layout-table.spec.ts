import type { Layout, LayoutField } from '../../core/layouts/layout';
import { layoutTable } from './layout-table';

const field = (name: string, offset: number, size: number, role: LayoutField['role'] = 'data'): LayoutField => ({
  name,
  type: size === 2 ? 'u16' : size === 4 ? 'u32' : 'u64',
  count: 1,
  offset,
  size,
  role,
});

describe('layoutTable', () => {
  it('reports the bytes between two fields as a hole, and the rest of the blob as free', () => {
    const layout: Layout = { revision: 1, size: 64, fields: [field('revision_id', 0, 4, 'header'), field('a', 8, 2), field('b', 16, 8)] };
    const t = layoutTable(layout);
    expect(t.rows.map((r) => (r.kind === 'hole' ? `hole ${r.offset}+${r.size}` : r.field.name))).toEqual([
      'revision_id',
      'hole 4+4',
      'a',
      'hole 10+6',
      'b',
    ]);
    expect(t).toMatchObject({ used: 24, free: 40, holes: 10, holeCount: 2, bytesByRole: { header: 4, data: 10, padding: 0, view: 0 } });
  });

  it('opens no hole for a union view laid over fields already covered', () => {
    const layout: Layout = {
      revision: 1,
      size: 32,
      fields: [field('revision_id', 0, 4, 'header'), field('x', 8, 8), field('y', 16, 8), { ...field('hv', 8, 8, 'view'), count: 2, size: 16 }],
    };
    const t = layoutTable(layout);
    expect(t.holeCount).toBe(1);
    expect(t).toMatchObject({ used: 24, free: 8, holes: 4, bytesByRole: { view: 16, data: 16 } });
  });
});
