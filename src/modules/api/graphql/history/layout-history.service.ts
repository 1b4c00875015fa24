import { Injectable } from '@nestjs/common';
import { CompatibilityService } from '../../../compat/compatibility.service';
import { LayoutQueries } from '../../../registry/layout-queries.service';
import type { LayoutSummaryView } from '../../../../contract/views';
import { historyPairs, summarizeStep } from './history-steps';
import type { HistoryStep } from './history-steps';

export interface HistoryEntryView {
  layout: LayoutSummaryView;
  previous: HistoryStep | null;
  previousSameRevision: HistoryStep | null;
}

// The `history` query: every layout in registration order with the steps that led to it, from
// the read model's list (one read) and CompatibilityService's reports (in memory).
@Injectable()
export class LayoutHistory {
  constructor(
    private readonly queries: LayoutQueries,
    private readonly compat: CompatibilityService,
  ) {}

  async entries(): Promise<HistoryEntryView[]> {
    const layouts = await this.queries.list();
    const step = async (from: LayoutSummaryView | undefined, to: LayoutSummaryView): Promise<HistoryStep | null> =>
      from ? summarizeStep(from.name, to.name, await this.compat.report(from.name, to.name)) : null;
    return Promise.all(
      historyPairs(layouts).map(async (p) => ({
        layout: p.layout,
        previous: await step(p.previous, p.layout),
        previousSameRevision: await step(p.previousSameRevision, p.layout),
      })),
    );
  }
}
