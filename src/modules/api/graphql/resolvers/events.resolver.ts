import { Args, Int, Query, Resolver, Subscription } from '@nestjs/graphql';
import type { ChainVerificationView, EventView } from '../../../../contract/views';
import type { StoredEvent } from '../../../../core/events/events';
import { LayoutQueries } from '../../../registry/layout-queries.service';
import { RegistryInfra } from '../../../registry/registry-infra';
import { RegistryService } from '../../../registry/registry.service';
import { intParam } from '../../rest/request-metadata';
import { eventPage } from '../limits/complexity';
import { ChainVerification, RegistryEvent } from '../models/event.model';
import { abortableIterator } from '../subscriptions/abortable-iterator';

@Resolver(() => RegistryEvent)
export class EventsResolver {
  constructor(
    private readonly queries: LayoutQueries,
    private readonly registry: RegistryService,
    private readonly infra: RegistryInfra,
  ) {}

  @Query(() => [RegistryEvent], { complexity: eventPage, description: 'GET /events: the log in order, after a position' })
  async events(
    @Args('after', { type: () => Int, defaultValue: 0 }) after: number,
    @Args('limit', { type: () => Int, defaultValue: 100, description: '1..1000' }) limit: number,
  ): Promise<EventView[]> {
    // Bounded by bytes as GET /events is: a page may hold fewer than `limit` events.
    const page = await this.queries.eventPage(intParam(String(after), 'after', 0, 0, Number.MAX_SAFE_INTEGER), intParam(String(limit), 'limit', 100, 1, 1000));
    return page.events;
  }

  @Query(() => ChainVerification, { description: 'GET /events/verify: re-checks the hash chain' })
  verifyChain(): Promise<ChainVerificationView> {
    return this.queries.verify();
  }

  // Every event appended by any instance (LISTEN/NOTIFY), from the log's head when the
  // subscription starts: a catch-up read finds it, so nothing appended before is replayed.
  @Subscription(() => RegistryEvent, {
    resolve: (event: StoredEvent) => event,
    description: 'every event appended from now on, by any instance, in log order (graphql-ws on /graphql)',
  })
  async eventAppended(): Promise<AsyncIterableIterator<StoredEvent>> {
    const head = (await this.registry.sync()).position;
    return abortableIterator((signal) => this.infra.feed.subscribe(head, signal));
  }
}
