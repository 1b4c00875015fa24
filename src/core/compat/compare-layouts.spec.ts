import type { Layout, LayoutField } from '../layouts/layout';
import { packLayout } from '../../../test/support/layout-factory';
import { compareLayouts } from './compare-layouts';
import { canonicalName } from './field-index';

const REV = 0x11e57ed0;

function withSource(layout: Layout, name: string, line: number, column: number): Layout {
  return {
    ...layout,
    fields: layout.fields.map((f): LayoutField => (f.name === name ? { ...f, source: { line, column } } : f)),
  };
}

describe('compareLayouts', () => {
  const base = packLayout([
    { name: 'a', type: 'u64', count: 1 },
    { name: 'b', type: 'u32', count: 2 },
    { name: 'padding32', type: 'u32', count: 1, padding: true },
    { name: 'c', type: 'u16', count: 1 },
  ]);

  it('calls a layout identical to itself, with no findings', () => {
    const r = compareLayouts(base, base);
    expect(r).toEqual({
      verdict: 'identical',
      lost: [],
      retired: [],
      added: [],
      moved: [],
      resized: [],
      inPlace: true,
      revisionConflict: false,
      findings: [],
    });
  });

  it('treats natural_width as u64', () => {
    const nat = packLayout([
      { name: 'a', type: 'natural_width', count: 1 },
      { name: 'b', type: 'u32', count: 2 },
      { name: 'padding32', type: 'u32', count: 1, padding: true },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    expect(compareLayouts(base, nat).verdict).toBe('identical');
  });

  it('ignores header and padding names but not the revision', () => {
    const renamedPad = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'b', type: 'u32', count: 2 },
      { name: 'reserved0', type: 'u32', count: 1, padding: true },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    expect(compareLayouts(base, renamedPad).verdict).toBe('identical');
    const r = compareLayouts(base, { ...base, revision: REV + 1 });
    expect(r.verdict).toBe('compatible');
    expect(r.inPlace).toBe(true);
    expect(r.findings).toEqual([]);
  });

  it('reports a removed field as lost with the line and column where A declared it', () => {
    const b = packLayout(
      [
        { name: 'a', type: 'u64', count: 1 },
        { name: 'b', type: 'u32', count: 2 },
      ],
      undefined,
      6,
    );
    const r = compareLayouts(withSource(base, 'c', 7, 9), b, { encodingOf: (n) => (n === 'c' ? 0x810 : undefined) });
    expect(r.verdict).toBe('lossy');
    expect(r.lost).toEqual([{ name: 'c', type: 'u16', count: 1, offset: 24, reason: 'removed', encoding: '0x00000810' }]);
    expect(r.findings).toEqual([
      {
        rule: 'FIELD_REMOVED',
        severity: 'error',
        field: 'c',
        message: 'c (u16 at 24) has no place in B',
        fromOffset: 24,
        line: 7,
        column: 9,
        encoding: '0x00000810',
      },
    ]);
    expect(r.inPlace).toBe(true);
  });

  it('retires a removed field whose bytes are reserved in B: lost, listed in retired, never a conflict', () => {
    const b = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'b', type: 'u32', count: 2 },
      { name: 'padding32', type: 'u32', count: 1, padding: true },
      { name: 'padding16', type: 'u16', count: 1, padding: true },
    ]);
    const r = compareLayouts(base, b);
    expect(r.verdict).toBe('lossy');
    expect(r.lost.map((l) => l.name)).toEqual(['c']);
    expect(r.retired.map((l) => `${l.name}@${l.offset}`)).toEqual(['c@24']);
    expect(r.findings.map((f) => f.rule)).toEqual(['FIELD_RETIRED']);
    expect(r.revisionConflict).toBe(false);
    // Only whole bytes count: a field half in reserved bytes is removed, not retired.
    const half = packLayout(
      [
        { name: 'a', type: 'u64', count: 1 },
        { name: 'b', type: 'u32', count: 2 },
        { name: 'padding32', type: 'u32', count: 1, padding: true },
      ],
      undefined,
      2,
    );
    expect(compareLayouts(base, half).findings.map((f) => f.rule)).toEqual(['FIELD_REMOVED']);
  });

  it('treats declared reserved names as padding on both sides', () => {
    const renamed = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'b', type: 'u32', count: 2 },
      { name: 'dead_space', type: 'u32', count: 1 },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    const original = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'b', type: 'u32', count: 2 },
      { name: 'old_field', type: 'u32', count: 1 },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    expect(compareLayouts(original, renamed).revisionConflict).toBe(true);
    const r = compareLayouts(original, renamed, { reserved: new Set(['dead_space']) });
    expect(r.revisionConflict).toBe(false);
    expect(r.retired.map((f) => f.name)).toEqual(['old_field']);
    expect(compareLayouts(renamed, original, { reserved: new Set(['dead_space']) }).added.map((f) => f.name)).toEqual(['old_field']);
  });

  it('reports narrowing (type or count) as lost and widening as a resize', () => {
    const b = packLayout([
      { name: 'a', type: 'u32', count: 1 },
      { name: 'b', type: 'u64', count: 2 },
      { name: 'c', type: 'u16', count: 3 },
    ]);
    const c = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'b', type: 'u32', count: 1 },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    const wide = compareLayouts(base, b);
    expect(wide.lost.map((l) => [l.name, l.reason])).toEqual([['a', 'narrowed']]);
    expect(wide.findings.filter((f) => f.rule === 'FIELD_NARROWED').map((f) => f.field)).toEqual(['a']);
    expect(wide.findings.filter((f) => f.rule === 'FIELD_RESIZED').map((f) => f.field)).toEqual(['b', 'c']);
    expect(wide.resized).toEqual([
      { name: 'a', fromType: 'u64', toType: 'u32', fromCount: 1, toCount: 1 },
      { name: 'b', fromType: 'u32', toType: 'u64', fromCount: 2, toCount: 2 },
      { name: 'c', fromType: 'u16', toType: 'u16', fromCount: 1, toCount: 3 },
    ]);
    const fewer = compareLayouts(base, c);
    expect(fewer.lost.map((l) => [l.name, l.reason])).toEqual([['b', 'narrowed']]);
    expect(fewer.verdict).toBe('lossy');
    expect(fewer.inPlace).toBe(false);
  });

  it('reports moves and additions with B offsets and B source positions', () => {
    const b = withSource(
      packLayout([
        { name: 'z', type: 'u16', count: 1 },
        { name: 'a', type: 'u64', count: 1 },
        { name: 'b', type: 'u32', count: 2 },
        { name: 'c', type: 'u16', count: 1 },
      ]),
      'a',
      3,
      5,
    );
    const r = compareLayouts(base, { ...b, revision: REV + 1 });
    expect(r.verdict).toBe('compatible');
    expect(r.inPlace).toBe(false);
    expect(r.revisionConflict).toBe(false);
    expect(r.added).toEqual([{ name: 'z', type: 'u16', count: 1, offset: 4 }]);
    expect(r.moved).toEqual([
      { name: 'a', fromOffset: 4, toOffset: 6 },
      { name: 'b', fromOffset: 12, toOffset: 14 },
      { name: 'c', fromOffset: 24, toOffset: 22 },
    ]);
    expect(r.findings.find((f) => f.field === 'a')).toMatchObject({ rule: 'FIELD_MOVED', severity: 'warning', line: 3, column: 5 });
    expect(r.findings.find((f) => f.field === 'z')).toMatchObject({ rule: 'FIELD_ADDED', severity: 'info', toOffset: 4 });
  });

  it('flags a revision conflict when a field moves under the same revision id', () => {
    const b = packLayout([
      { name: 'z', type: 'u16', count: 1 },
      { name: 'a', type: 'u64', count: 1 },
    ]);
    const r = compareLayouts(packLayout([{ name: 'a', type: 'u64', count: 1 }]), b);
    expect(r.revisionConflict).toBe(true);
    expect(r.findings.filter((f) => f.rule === 'REVISION_CONFLICT').map((f) => [f.field, f.fromOffset, f.toOffset])).toEqual([
      ['a', 4, 6],
      ['z', 4, 4],
    ]);
  });

  it('flags a revision conflict when the same bytes hold differently named fields', () => {
    const a = packLayout([{ name: 'x', type: 'u64', count: 1 }]);
    const b = packLayout([{ name: 'y', type: 'u32', count: 2 }]);
    const r = compareLayouts(a, b);
    expect(r.inPlace).toBe(true);
    expect(r.revisionConflict).toBe(true);
    expect(compareLayouts(a, { ...b, revision: REV + 2 }).revisionConflict).toBe(false);
  });

  it('does not treat a field taking over padding as a conflict', () => {
    const a = packLayout([{ name: 'padding32', type: 'u32', count: 2, padding: true }]);
    const b = packLayout([
      { name: 't', type: 'u32', count: 1 },
      { name: 'padding32', type: 'u32', count: 1, padding: true },
    ]);
    const r = compareLayouts(a, b);
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['compatible', true, false]);
  });

  it('reports a size change', () => {
    const r = compareLayouts(base, { ...base, size: base.size + 8 });
    expect(r.verdict).toBe('compatible');
    expect(r.findings).toEqual([{ rule: 'SIZE_CHANGED', severity: 'warning', field: '', message: 'blob size changes from 26 to 34 bytes' }]);
  });

  it('matches renamed fields through aliases, in both directions', () => {
    const b = packLayout([
      { name: 'a', type: 'u64', count: 1 },
      { name: 'bb', type: 'u32', count: 2 },
      { name: 'padding32', type: 'u32', count: 1, padding: true },
      { name: 'c', type: 'u16', count: 1 },
    ]);
    expect(compareLayouts(base, b).verdict).toBe('lossy');
    const aliases = new Map([['b', 'bb']]);
    expect(compareLayouts(base, b, { aliases }).verdict).toBe('identical');
    expect(compareLayouts(b, base, { aliases }).verdict).toBe('identical');
    const moved = compareLayouts(base, { ...b, revision: REV + 1, fields: b.fields.map((f) => (f.name === 'bb' ? { ...f, offset: 40 } : f)), size: 64 }, { aliases });
    expect(moved.moved).toEqual([{ name: 'bb', fromName: 'b', fromOffset: 12, toOffset: 40 }]);
  });
});

describe('canonicalName', () => {
  it('follows chains and stops on cycles', () => {
    expect(canonicalName('a', new Map([['a', 'b'], ['b', 'c']]))).toBe('c');
    expect(canonicalName('a', new Map([['a', 'b'], ['b', 'a']]))).toBe('b');
    expect(canonicalName('q', new Map([['a', 'b']]))).toBe('q');
  });
});
