import type { CompatReport } from '../../../../core/compat/compat-report';
import { historyPairs, summarizeStep } from './history-steps';

const report = (over: Partial<CompatReport>): CompatReport => ({
  verdict: 'compatible',
  lost: [],
  retired: [],
  added: [],
  moved: [],
  resized: [],
  inPlace: true,
  revisionConflict: false,
  findings: [],
  ...over,
});

describe('historyPairs', () => {
  it('pairs each layout with the one before it and the last one before it under its revision', () => {
    const [a, b, c, d] = [
      { name: 'a', revision: '0x1' },
      { name: 'b', revision: '0x2' },
      { name: 'c', revision: '0x1' },
      { name: 'd', revision: '0x1' },
    ];
    expect(historyPairs([a, b, c, d])).toEqual([
      { layout: a },
      { layout: b, previous: a },
      { layout: c, previous: b, previousSameRevision: a },
      { layout: d, previous: c, previousSameRevision: c },
    ]);
  });
});

describe('summarizeStep', () => {
  it('counts findings by rule and severity, errors first', () => {
    const step = summarizeStep(
      'a',
      'b',
      report({
        verdict: 'lossy',
        inPlace: false,
        revisionConflict: true,
        lost: [{ name: 'x', type: 'u64', count: 1, offset: 8, reason: 'removed' }],
        moved: [
          { name: 'y', fromOffset: 16, toOffset: 8 },
          { name: 'z', fromOffset: 24, toOffset: 16 },
        ],
        findings: [
          { rule: 'FIELD_MOVED', severity: 'warning', field: 'y', message: '' },
          { rule: 'FIELD_REMOVED', severity: 'error', field: 'x', message: '' },
          { rule: 'FIELD_MOVED', severity: 'warning', field: 'z', message: '' },
          { rule: 'REVISION_CONFLICT', severity: 'error', field: 'y', message: '' },
        ],
      }),
    );
    expect(step.findingCounts).toEqual([
      { rule: 'FIELD_REMOVED', severity: 'error', count: 1 },
      { rule: 'REVISION_CONFLICT', severity: 'error', count: 1 },
      { rule: 'FIELD_MOVED', severity: 'warning', count: 2 },
    ]);
    expect(step).toMatchObject({ lostCount: 1, movedCount: 2, addedCount: 0, resizedCount: 0 });
    expect(step.summary).toBe('lossy: 1 lost, 2 moved; revision conflict');
  });

  it('says identical for identical layouts and in place for an in-place step', () => {
    expect(summarizeStep('a', 'b', report({ verdict: 'identical' })).summary).toBe('identical');
    const added = [{ name: 'n', type: 'u32' as const, count: 1, offset: 4 }];
    expect(summarizeStep('a', 'b', report({ added })).summary).toBe('compatible: 1 added; in place');
  });
});
