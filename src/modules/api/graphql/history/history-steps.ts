import type { CompatReport, FindingRule, Severity, Verdict } from '../../../../core/compat/compat-report';

// The registry's history as steps: each layout against the one registered just before it
// (registration order is kernel order for the catalog), and against the last layout registered
// before it under the same revision id, where a silent reshuffle hides.
export interface HistoryPair<T> {
  layout: T;
  previous?: T;
  previousSameRevision?: T;
}

export function historyPairs<T extends { name: string; revision: string }>(layouts: readonly T[]): HistoryPair<T>[] {
  const lastByRevision = new Map<string, T>();
  return layouts.map((layout, i) => {
    const pair: HistoryPair<T> = { layout };
    const previous = layouts[i - 1];
    if (previous) {
      pair.previous = previous;
    }
    const same = lastByRevision.get(layout.revision);
    if (same) {
      pair.previousSameRevision = same;
    }
    lastByRevision.set(layout.revision, layout);
    return pair;
  });
}

export interface FindingCount {
  rule: FindingRule;
  severity: Severity;
  count: number;
}

export interface HistoryStep {
  from: string;
  to: string;
  verdict: Verdict;
  inPlace: boolean;
  revisionConflict: boolean;
  lostCount: number;
  addedCount: number;
  movedCount: number;
  resizedCount: number;
  findingCounts: FindingCount[];
  summary: string;
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function summarizeStep(from: string, to: string, report: CompatReport): HistoryStep {
  const counts = new Map<string, FindingCount>();
  for (const f of report.findings) {
    const key = `${f.rule}/${f.severity}`;
    const entry = counts.get(key) ?? { rule: f.rule, severity: f.severity, count: 0 };
    entry.count += 1;
    counts.set(key, entry);
  }
  const findingCounts = [...counts.values()].sort(
    (a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.rule.localeCompare(b.rule),
  );
  const step = {
    from,
    to,
    verdict: report.verdict,
    inPlace: report.inPlace,
    revisionConflict: report.revisionConflict,
    lostCount: report.lost.length,
    addedCount: report.added.length,
    movedCount: report.moved.length,
    resizedCount: report.resized.length,
  };
  return { ...step, findingCounts, summary: describeStep(step) };
}

// "lossy: 1 lost, 131 moved; revision conflict", "compatible: 2 added; in place", "identical".
function describeStep(s: Omit<HistoryStep, 'findingCounts' | 'summary'>): string {
  if (s.verdict === 'identical') {
    return 'identical';
  }
  const changes = (
    [
      [s.lostCount, 'lost'],
      [s.addedCount, 'added'],
      [s.movedCount, 'moved'],
      [s.resizedCount, 'resized'],
    ] as const
  )
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`);
  const notes = [s.revisionConflict ? 'revision conflict' : '', s.inPlace ? 'in place' : ''].filter(Boolean);
  const head = changes.length > 0 ? `${s.verdict}: ${changes.join(', ')}` : s.verdict;
  return notes.length > 0 ? `${head}; ${notes.join(', ')}` : head;
}
