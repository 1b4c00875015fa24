import type { LayoutSummary, LineageSummary } from '../api/types';
import { lineageSteps } from './lineage-steps';

const layout = (name: string, position: number) => ({ name, position }) as LayoutSummary;

describe('lineageSteps', () => {
  const layouts = [layout('m1', 1), layout('x1', 2), layout('m2', 3), layout('x2', 4), layout('e1', 5)];
  const mainline: LineageSummary = { name: 'mainline', branchesFrom: null, layouts: ['m1', 'm2'], latest: 'm2' };
  const x: LineageSummary = { name: 'x', branchesFrom: 'mainline', layouts: ['x1', 'x2'], latest: 'x2' };
  const e: LineageSummary = { name: 'e', branchesFrom: null, layouts: ['e1'], latest: 'e1' };
  const all = [mainline, x, e];

  it('steps through the lineage, its first layout from the parent layout that was latest when it branched', () => {
    expect(lineageSteps(x, all, layouts)).toEqual([
      { layout: 'x1', previous: 'm1' },
      { layout: 'x2', previous: 'x1' },
    ]);
  });

  it('has no previous layout for the first layout of a lineage that branches from nothing', () => {
    expect(lineageSteps(e, all, layouts)).toEqual([{ layout: 'e1', previous: undefined }]);
    expect(lineageSteps(mainline, all, layouts)[0]).toEqual({ layout: 'm1', previous: undefined });
  });
});
