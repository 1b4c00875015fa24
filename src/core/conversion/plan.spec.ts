import fc from 'fast-check';
import { expectGolden } from '../../../test/support/golden';
import { inPlacePairArb, layoutPairArb, layoutArb, packLayout } from '../../../test/support/layout-factory';
import { catalogEntry, testFingerprint } from '../../../test/support/shared-layouts';
import { compareLayouts } from '../compat/compare-layouts';
import type { Layout } from '../layouts/layout';
import { buildPlan } from './plan';
import { PlanCache } from './plan-cache';
import type { PlanOp } from './plan-types';

const side = (layout: Layout) => ({ layout, fingerprint: testFingerprint(layout) });

describe('buildPlan', () => {
  const a = packLayout([
    { name: 'x', type: 'u64', count: 1 },
    { name: 'y', type: 'u32', count: 1 },
    { name: 'z', type: 'u16', count: 2 },
    { name: 'w', type: 'u64', count: 1 },
  ]);
  const b = packLayout(
    [
      { name: 'x', type: 'u64', count: 1 },
      { name: 'y', type: 'u32', count: 1 },
      { name: 'z', type: 'u32', count: 1 },
      { name: 'n', type: 'u16', count: 1 },
    ],
    0x11e57ed1,
  );

  it('writes the revision, merges contiguous runs, resizes per element and lists absent elements', () => {
    const plan = buildPlan(side(a), side(b));
    expect(plan.ops).toEqual([
      { op: 'revision', to: 0, value: 0x11e57ed1 },
      { op: 'copy', from: 4, to: 4, length: 12 },
      { op: 'resize', field: 'z', from: 16, to: 16, fromWidth: 2, toWidth: 4, count: 1 },
    ]);
    expect(plan.absent).toEqual([
      { field: 'z', from: 18, width: 2, count: 1, firstIndex: 1, array: true },
      { field: 'w', from: 20, width: 8, count: 1, firstIndex: 0, array: false },
    ]);
    expect([plan.copyRuns, plan.bytesCopied, plan.fromSize, plan.toSize, plan.fromRevision]).toEqual([1, 12, 28, 22, 0x11e57ed0]);
    expect(plan.id).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('does not merge fields that are adjacent in A but not in B', () => {
    const swapped = packLayout([
      { name: 'y', type: 'u32', count: 1 },
      { name: 'x', type: 'u64', count: 1 },
    ]);
    const plan = buildPlan(side(a), side(swapped));
    expect(plan.ops.filter((o) => o.op === 'copy')).toEqual([
      { op: 'copy', from: 4, to: 8, length: 8 },
      { op: 'copy', from: 12, to: 4, length: 4 },
    ]);
  });

  it('follows aliases, and the alias set changes the id', () => {
    const renamed = packLayout([{ name: 'xx', type: 'u64', count: 1 }]);
    expect(buildPlan(side(a), side(renamed)).copyRuns).toBe(0);
    const plan = buildPlan(side(a), side(renamed), new Map([['x', 'xx']]));
    expect(plan.ops[1]).toEqual({ op: 'copy', from: 4, to: 4, length: 8 });
    expect(plan.id).not.toBe(buildPlan(side(a), side(renamed)).id);
  });

  it('is deterministic: the same pair gives the same plan and id', () => {
    fc.assert(
      fc.property(layoutPairArb, ({ a: x, b: y }) => {
        expect(buildPlan(side(x), side(y))).toEqual(buildPlan(side(x), side(y)));
      }),
      { numRuns: 50 },
    );
  });

  it('counts bytesCopied and copyRuns from its copy ops, and never leaves either layout', () => {
    fc.assert(
      fc.property(layoutPairArb, ({ a: x, b: y }) => {
        const plan = buildPlan(side(x), side(y));
        const copies = plan.ops.filter((o): o is Extract<PlanOp, { op: 'copy' }> => o.op === 'copy');
        expect(plan.bytesCopied).toBe(copies.reduce((s, o) => s + o.length, 0));
        expect(plan.copyRuns).toBe(copies.length);
        for (const op of plan.ops) {
          if (op.op === 'copy') {
            expect(op.from + op.length).toBeLessThanOrEqual(x.size);
            expect(op.to + op.length).toBeLessThanOrEqual(y.size);
          } else if (op.op === 'resize') {
            expect(op.from + op.fromWidth * op.count).toBeLessThanOrEqual(x.size);
            expect(op.to + op.toWidth * op.count).toBeLessThanOrEqual(y.size);
          }
        }
        for (const r of plan.absent) {
          expect(r.from + r.width * r.count).toBeLessThanOrEqual(x.size);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is a pure copy at the same offsets when the report says in place and nothing is resized', () => {
    fc.assert(
      fc.property(inPlacePairArb, ({ a: x, b: y }) => {
        expect(compareLayouts(x, y).inPlace).toBe(true);
        for (const op of buildPlan(side(x), side(y)).ops) {
          expect(op.op === 'resize' ? 'resize' : 'ok').toBe('ok');
          if (op.op === 'copy') {
            expect(op.to).toBe(op.from);
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('A → A is one run per stretch of data between paddings', () => {
    fc.assert(
      fc.property(layoutArb, (x) => {
        const plan = buildPlan(side(x), side(x));
        const stretches = x.fields.filter((f, i) => f.role === 'data' && x.fields[i - 1]?.role !== 'data').length;
        expect(plan.copyRuns).toBe(stretches);
        expect(plan.absent).toEqual([]);
        expect(plan.bytesCopied).toBe(x.fields.filter((f) => f.role === 'data').reduce((s, f) => s + f.size, 0));
      }),
    );
  });
});

describe('PlanCache', () => {
  it('returns the cached plan for the same pair and alias set and drops the least recently used', () => {
    const x = side(packLayout([{ name: 'x', type: 'u64', count: 1 }]));
    const y = side(packLayout([{ name: 'y', type: 'u64', count: 1 }]));
    const cache = new PlanCache(2);
    const first = cache.get(x, y);
    expect(cache.get(x, y)).toBe(first);
    expect(cache.get(x, y, new Map([['x', 'y']]))).not.toBe(first);
    cache.get(y, x);
    expect(cache.size).toBe(2);
    expect(cache.get(x, y)).not.toBe(first);
  });
});

describe('golden plan', () => {
  it('linux-v4.14 → linux-v4.17-pinned', () => {
    const plan = buildPlan(catalogEntry('linux-v4.14'), catalogEntry('linux-v4.17-pinned'));
    expectGolden('plan-linux-v4.14-to-linux-v4.17-pinned.json', JSON.stringify(plan, null, 1) + '\n');
  });
});
