import { Injectable } from '@nestjs/common';
import { CoreError } from '../../core/errors';
import { isLayoutName } from '../../core/events/registry-state';
import type { AliasView, EventView, LayoutSummaryView, LayoutView, PolicyView } from '../../contract/views';
import { RegistryInfra } from './registry-infra';
import { layoutDetail, layoutSummary, lineageView, type LineageView } from './layout-view';
import { Turns } from './turns';

// GET /events and GraphQL events(): at most this much JSON per page (and at most `limit` events).
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

// Reads served from the projections (read-model tables) and the log itself.
@Injectable()
export class LayoutQueries {
  private readonly pageTurns = new Turns(EVENT_PAGES_AT_ONCE);

  constructor(private readonly infra: RegistryInfra) {}

  async list(filter: { revision?: string; deprecated?: boolean } = {}): Promise<LayoutSummaryView[]> {
    const rows = await this.infra.readModel.listLayouts();
    return rows
      .filter((r) => filter.revision === undefined || r.revision === filter.revision.toLowerCase())
      .filter((r) => filter.deprecated === undefined || r.deprecated === filter.deprecated)
      .map(layoutSummary);
  }

  async listWithFields(): Promise<LayoutView[]> {
    return (await this.infra.readModel.listLayoutsWithFields()).map(layoutDetail);
  }

  async get(name: string): Promise<LayoutView> {
    const row = isLayoutName(name) ? await this.infra.readModel.getLayout(name) : undefined;
    if (!row) {
      throw new CoreError('NOT_FOUND', `no layout named ${JSON.stringify(name.length > 100 ? `${name.slice(0, 100)}…` : name)}`, { name: name.slice(0, 100) });
    }
    return layoutDetail(row);
  }

  async exists(name: string): Promise<boolean> {
    return isLayoutName(name) && (await this.infra.readModel.getLayout(name)) !== undefined;
  }

  // A page of the log bounded by count and by bytes: events are read in small batches and the
  // page ends at the first event that takes it past maxBytes of JSON (the first event is always
  // there, so paging by the last position always moves). `json` holds each event serialised
  // once, for a transport that sends them as they are; `more` says a next page may hold events.
  async eventPage(after: number, limit: number, maxBytes = EVENT_PAGE_MAX_BYTES): Promise<EventPage> {
    return this.pageTurns.run(() => this.buildPage(after, limit, maxBytes));
  }

  private async buildPage(after: number, limit: number, maxBytes: number): Promise<EventPage> {
    const events: EventView[] = [];
    const json: string[] = [];
    let bytes = 0;
    let cursor = after;
    while (events.length < limit) {
      const batch = await this.infra.store.readAll(cursor, Math.min(EVENT_READ_BATCH, limit - events.length));
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

  verify(): ReturnType<RegistryInfra['store']['verify']> {
    return this.infra.store.verify();
  }

  async aliases(): Promise<AliasView[]> {
    return this.infra.readModel.listAliases();
  }

  async lineages(): Promise<LineageView[]> {
    const [rows, global] = await Promise.all([this.infra.readModel.listLineages(), this.infra.readModel.getPolicy()]);
    return rows.map((row) => lineageView(row, global));
  }

  async lineage(name: string): Promise<LineageView> {
    const [row, global] = await Promise.all([this.infra.readModel.getLineage(name), this.infra.readModel.getPolicy()]);
    if (!row) {
      throw new CoreError('NOT_FOUND', `no lineage named ${name}`, { lineage: name });
    }
    return lineageView(row, global);
  }

  async reserved(): Promise<{ name: string; reason: string; position: number }[]> {
    return this.infra.readModel.listReserved();
  }

  async policy(): Promise<PolicyView> {
    const { position, ...policy } = await this.infra.readModel.getPolicy();
    return { ...policy, position };
  }
}
