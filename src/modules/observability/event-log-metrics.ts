import { Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { REGISTRY_PROJECTION } from '../../infra/projections/registry-projector';
import { Database } from '../database/database';
import { MetricsRegistry } from '../metrics/metrics-registry';
import { RegistryService } from '../registry/registry.service';
import { withTimeout } from './with-timeout';

export const SCRAPE_QUERY_TIMEOUT_MS = 2000;
const FEED_RETRY_MS = 1000;

interface LogGauges {
  head: Gauge;
  checkpoint: Gauge<'projection'>;
  lag: Gauge<'projection'>;
  up: Gauge;
}

interface Positions {
  head: number;
  checkpoint: number;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

// The event log as Prometheus sees it. Appends are counted as this instance's feed delivers
// them, so the counter includes other instances' appends (aggregate instances with max(), not
// sum()). Positions and lags are read at scrape time: the log head and the read models'
// checkpoint from Postgres (they move in one transaction, so a lag above zero means a rebuild
// is running or the projector is broken), and this instance's in-memory state, which trails
// the head by whatever its feed has not delivered yet.
@Injectable()
export class EventLogMetrics implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly appended: Counter<'type'>;
  private readonly abort = new AbortController();
  private readonly logger = new Logger('EventLogMetrics');

  constructor(
    metrics: MetricsRegistry,
    private readonly db: Database,
    private readonly feed: PgEventFeed,
    private readonly registry: RegistryService,
  ) {
    const registers = [metrics.registry];
    this.appended = new Counter({
      name: 'vmcs12_events_appended_total',
      help: 'Events appended to the log (by any instance) since this instance started, by type',
      labelNames: ['type'],
      registers,
    });
    // A scrape collects every metric concurrently; the four gauges share one query per scrape.
    let pending: Promise<void> | undefined;
    const collect = (): Promise<void> => {
      pending ??= this.refresh(gauges).finally(() => {
        pending = undefined;
      });
      return pending;
    };
    const gauges: LogGauges = {
      head: new Gauge({ name: 'vmcs12_event_log_head_position', help: 'Position of the last event in the log', registers, collect }),
      checkpoint: new Gauge({
        name: 'vmcs12_projection_checkpoint_position',
        help: 'Last event position applied to the read models in Postgres',
        labelNames: ['projection'],
        registers,
        collect,
      }),
      lag: new Gauge({
        name: 'vmcs12_projection_lag_events',
        help: "Events in the log not yet applied: by the Postgres read models (projection=registry) and by this instance's in-memory state (projection=memory)",
        labelNames: ['projection'],
        registers,
        collect,
      }),
      up: new Gauge({ name: 'vmcs12_database_up', help: '1 when the scrape could read the log head from Postgres', registers, collect }),
    };
  }

  private async refresh(g: LogGauges): Promise<void> {
    const p = await this.positions();
    g.up.set(p ? 1 : 0);
    if (!p) {
      return;
    }
    g.head.set(p.head);
    g.checkpoint.set({ projection: REGISTRY_PROJECTION }, p.checkpoint);
    g.lag.set({ projection: REGISTRY_PROJECTION }, p.head - p.checkpoint);
    g.lag.set({ projection: 'memory' }, Math.max(0, p.head - this.registry.current().position));
  }

  onApplicationBootstrap(): void {
    void this.count(this.registry.current().position);
  }

  onApplicationShutdown(): void {
    this.abort.abort();
  }

  // Follows the log for as long as the app runs: a read that fails while Postgres is away is
  // retried from the last counted position, so an outage neither stops nor double-counts.
  private async count(after: number): Promise<void> {
    let cursor = after;
    while (!this.abort.signal.aborted) {
      try {
        for await (const event of this.feed.subscribe(cursor, this.abort.signal)) {
          cursor = event.position;
          this.appended.inc({ type: event.type });
        }
      } catch (err) {
        if (!this.abort.signal.aborted) {
          this.logger.warn(`append counter: ${err instanceof Error ? err.message : String(err)}; retrying`);
          await sleep(FEED_RETRY_MS, this.abort.signal);
        }
      }
    }
  }

  private async positions(): Promise<Positions | undefined> {
    try {
      const res = await withTimeout(
        this.db.pool.query<{ head: string | null; checkpoint: string | null }>(
          'SELECT (SELECT max(position) FROM events) AS head, (SELECT position FROM projection_checkpoints WHERE name = $1) AS checkpoint',
          [REGISTRY_PROJECTION],
        ),
        SCRAPE_QUERY_TIMEOUT_MS,
        'log head query',
      );
      const row = res.rows[0];
      return { head: Number(row?.head ?? 0), checkpoint: Number(row?.checkpoint ?? 0) };
    } catch {
      return undefined;
    }
  }
}
