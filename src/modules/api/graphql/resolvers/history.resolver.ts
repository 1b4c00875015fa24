import { Query, Resolver } from '@nestjs/graphql';
import { LayoutHistory } from '../history/layout-history.service';
import type { HistoryEntryView } from '../history/layout-history.service';
import { EXPECTED, listOf } from '../limits/complexity';
import { HistoryEntry } from '../models/history.model';

@Resolver()
export class HistoryResolver {
  constructor(private readonly layoutHistory: LayoutHistory) {}

  @Query(() => [HistoryEntry], {
    complexity: listOf(EXPECTED.history),
    description: 'every layout in registration order, against its predecessor and its last same-revision predecessor',
  })
  history(): Promise<HistoryEntryView[]> {
    return this.layoutHistory.entries();
  }
}
