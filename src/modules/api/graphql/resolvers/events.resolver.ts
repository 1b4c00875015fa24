import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { ChainVerificationView, EventView } from '../../../../contract/views';
import type { StoredEvent } from '../../../../core/events/events';
import { EVENT_PAGE_DEFAULT_LIMIT, EVENT_PAGE_MAX_LIMIT, EventLogService } from '../../../registry/event-log.service';
import { intParam } from '../../../../core/input/params';
import { eventPage } from '../limits/complexity';
import { ChainVerification, RegistryEvent } from '../models/event.model';
import { abortableIterator } from '../subscriptions/abortable-iterator';

@Resolver(() => RegistryEvent)
export class EventsResolver {
  constructor(private readonly eventLog: EventLogService) {}

  @Query(() => [RegistryEvent], { complexity: eventPage, description: 'GET /events: the log in order, after a position' })
  async events(
    @Args('after', { type: () => Int, defaultValue: 0 }) after: number,
    @Args('limit', { type: () => Int, defaultValue: EVENT_PAGE_DEFAULT_LIMIT, description: `1..${EVENT_PAGE_MAX_LIMIT}` }) limit: number,
  ): Promise<EventView[]> {
    // Bounded by bytes as GET /events is: a page may hold fewer than `limit` events.
    const page = await this.eventLog.page(intParam(String(after), 'after', 0, 0, Number.MAX_SAFE_INTEGER), intParam(String(limit), 'limit', EVENT_PAGE_DEFAULT_LIMIT, 1, EVENT_PAGE_MAX_LIMIT));
    return page.events;
  }

  @Query(() => ChainVerification, { description: 'GET /events/verify: re-checks the hash chain' })
  verifyChain(): Promise<ChainVerificationView> {
    return this.eventLog.verify();
  }

  // Every event appended by any instance (LISTEN/NOTIFY), from the log's head when the
  // subscription starts, so nothing appended before is replayed.
  @Subscription(() => RegistryEvent, {
    resolve: (event: StoredEvent) => event,
    description: 'every event appended from now on, by any instance, in log order (graphql-ws on /graphql)',
  })
  async eventAppended(): Promise<AsyncIterableIterator<StoredEvent>> {
    const head = await this.eventLog.syncedHead();
    return abortableIterator((signal) => this.eventLog.subscribe(head, signal));
  }
}
