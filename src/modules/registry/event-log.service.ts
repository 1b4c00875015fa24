import { Injectable } from '@nestjs/common';
import type { ChainVerificationView, EventView } from '../../contract/views';
import type { StoredEvent } from '../../core/events/events';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import { RegistryService } from './registry.service';
import { Turns } from './turns';

// GET /events and GraphQL events(): `limit` events by default, at most EVENT_PAGE_MAX_LIMIT, and
// at most this much JSON per page.
export const EVENT_PAGE_DEFAULT_LIMIT = 100;
export const EVENT_PAGE_MAX_LIMIT = 1000;
export const EVENT_PAGE_MAX_BYTES = 1024 * 1024;
// Events read from Postgres at once while a page is built (one may hold a megabyte of C text),
// and pages built at once: the rest wait their turn, holding nothing.
const EVENT_READ_BATCH = 4;
const EVENT_PAGES_AT_ONCE = 4;

export interface EventPage {
  events: EventView[];
  json: string[];
  bytes: number;
  more: boolean;
}

// The event log itself: pages of it, its hash chain, and live feeds of every instance's appends
// (SSE, GraphQL subscriptions).
@Injectable()
export class EventLogService {
  private readonly pageTurns = new Turns(EVENT_PAGES_AT_ONCE);

  constructor(
    private readonly store: PrismaEventStore,
    private readonly feed: PgEventFeed,
    private readonly registry: RegistryService,
  ) {}

  // A page of the log bounded by count and by bytes: events are read in small batches and the
  // page ends at the first event that takes it past maxBytes of JSON (the first event is always
  // there, so paging by the last position always moves). `json` holds each event serialised
  // once, for a transport that sends them as they are; `more` says a next page may hold events.
  async page(after: number, limit: number, maxBytes = EVENT_PAGE_MAX_BYTES): Promise<EventPage> {
    return this.pageTurns.run(() => this.buildPage(after, limit, maxBytes));
  }

  async verify(): Promise<ChainVerificationView> {
    const v = await this.store.verify();
    return { ok: v.ok, events: v.events, head: v.head, ...(v.ok ? {} : { firstBadPosition: v.firstBadPosition }) };
  }

  // This instance's position in the log: where a live feed without a start begins.
  head(): number {
    return this.registry.current().position;
  }

  // The log's head once this instance has caught up with it: where a feed starts that must not
  // replay anything appended before it was asked for.
  async syncedHead(): Promise<number> {
    return (await this.registry.sync()).position;
  }

  // Every event after `after`, then every append by any instance, until the signal aborts.
  subscribe(after: number, signal: AbortSignal, pageSize?: number): AsyncIterable<StoredEvent> {
    return this.feed.subscribe(after, signal, pageSize);
  }

  // subscribe(), after one read of the log, so a database outage fails here (503) rather than
  // as an empty feed.
  async follow(after: number, signal: AbortSignal, pageSize?: number): Promise<AsyncIterable<StoredEvent>> {
    await this.store.readAll(after, 1);
    return this.subscribe(after, signal, pageSize);
  }

  private async buildPage(after: number, limit: number, maxBytes: number): Promise<EventPage> {
    const events: EventView[] = [];
    const json: string[] = [];
    let bytes = 0;
    let cursor = after;
    while (events.length < limit) {
      const batch = await this.store.readAll(cursor, Math.min(EVENT_READ_BATCH, limit - events.length));
      for (const event of batch) {
        const text = JSON.stringify(event);
        if (events.length > 0 && bytes + text.length > maxBytes) {
          return { events, json, bytes, more: true };
        }
        events.push(event);
        json.push(text);
        bytes += text.length + 1;
        cursor = event.position;
      }
      if (batch.length < EVENT_READ_BATCH && events.length < limit) {
        return { events, json, bytes, more: false };
      }
    }
    return { events, json, bytes, more: true };
  }
}
