import { Client } from 'pg';
import type { EventFeed, EventStore } from '../../core/events/event-store';
import type { StoredEvent } from '../../core/events/events';
import { ChangeSignal, followLog } from '../../core/events/follow-log';
import { EVENTS_CHANNEL } from './event-rows';

export interface PgEventFeedOptions {
  connectionString: string;
  store: Pick<EventStore, 'readAll'>; // where subscribers read the events a NOTIFY announces
  reconnectDelayMs?: number; // first retry; doubles up to maxReconnectDelayMs
  maxReconnectDelayMs?: number;
  log?: (message: string) => void;
}

// New events from every service instance, for SSE and GraphQL subscriptions. One dedicated
// connection LISTENs (a pooled one would lose the LISTEN when returned to the pool). A
// notification only says "the log grew": subscribers then read from their own last position,
// so lost, merged or reordered notifications cannot lose or duplicate an event. After a
// reconnect everyone re-reads, which covers whatever was appended while the feed was deaf.
export class PgEventFeed implements EventFeed {
  private readonly changes = new ChangeSignal();
  private client: Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private delay: number;
  private readonly log: (message: string) => void;

  constructor(private readonly options: PgEventFeedOptions) {
    this.delay = options.reconnectDelayMs ?? 250;
    this.log = options.log ?? (() => undefined);
  }

  // Resolves once LISTEN is active; rejects if the first connection fails (a boot error).
  async start(): Promise<void> {
    await this.connect();
  }

  get listening(): boolean {
    return this.client !== undefined;
  }

  subscribe(after: number, signal?: AbortSignal, pageSize?: number): AsyncIterable<StoredEvent> {
    return followLog((a, limit) => this.options.store.readAll(a, limit), this.changes, after, signal, pageSize);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
    this.changes.notify(); // waiting subscribers wake, re-read, and wait again; abort ends them
  }

  private async connect(): Promise<void> {
    const client = new Client({ connectionString: this.options.connectionString, application_name: 'vmcs12-event-feed' });
    client.on('notification', (msg) => {
      if (msg.channel === EVENTS_CHANNEL) {
        this.changes.notify();
      }
    });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, new Error('connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.client = client;
    this.delay = this.options.reconnectDelayMs ?? 250;
    this.changes.notify();
  }

  private lost(client: Client, err: Error): void {
    if (this.client !== client || this.closed) {
      return; // an old connection's late event, or our own close()
    }
    this.client = undefined;
    this.log(`event feed: LISTEN connection lost (${err.message}); reconnecting`);
    client.end().catch(() => undefined);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.retryTimer) {
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch((err: unknown) => {
        this.log(`event feed: reconnect failed (${err instanceof Error ? err.message : String(err)})`);
        this.delay = Math.min(this.delay * 2, this.options.maxReconnectDelayMs ?? 5000);
        this.scheduleReconnect();
      });
    }, this.delay);
    this.retryTimer.unref?.();
  }
}
