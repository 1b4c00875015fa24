import type { LayoutSummary, LineageSummary } from '../api/types.js';

// A lineage's history as steps: each layout with the one it was judged against when it was
// registered (the previous layout of the lineage, or for its first layout the layout of the
// lineage it branches from that was latest then; none for a lineage that branches from nothing).
export interface LineageStep {
  layout: string;
  previous: string | undefined;
}

export function lineageSteps(lineage: LineageSummary, all: readonly LineageSummary[], layouts: readonly LayoutSummary[]): LineageStep[] {
  const position = (name: string): number => layouts.find((l) => l.name === name)?.position ?? Number.POSITIVE_INFINITY;
  return lineage.layouts.map((layout, i) => {
    if (i > 0) {
      return { layout, previous: lineage.layouts[i - 1] };
    }
    const parent = all.find((l) => l.name === lineage.branchesFrom);
    const before = parent?.layouts.filter((name) => position(name) < position(layout));
    return { layout, previous: before?.[before.length - 1] };
  });
}
