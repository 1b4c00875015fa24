import { fetchEventsAfter } from '../api/registry-api.js';
import type { StoredEvent } from '../api/types.js';
import { parseStreamedEvent } from './parse-event.js';

export type FeedStatus = 'connecting' | 'live' | 'polling' | 'offline';

const EVENT_TYPES = ['LayoutRegistered', 'LayoutDeprecated', 'LayoutAnnotated', 'FieldAliasDeclared', 'PolicyChanged'];
const POLL_MS = 3000;

// Server-sent events from /events/stream. Every (re)connect first catches up through
// /events?after= so nothing appended while disconnected is missed; if the stream is refused
// for good, the feed falls back to polling the same endpoint.
export class EventFeed {
  private source: EventSource | undefined;
  private pollTimer: number | undefined;

  constructor(
    private readonly lastPosition: () => number | undefined,
    private readonly onEvents: (events: StoredEvent[]) => void,
    private readonly onStatus: (status: FeedStatus) => void,
  ) {}

  start(): void {
    this.onStatus('connecting');
    const source = new EventSource('/events/stream');
    this.source = source;
    const receive = (message: MessageEvent): void => {
      const event = parseStreamedEvent(message.data);
      if (event !== undefined) {
        this.onEvents([event]);
      }
    };
    source.onmessage = receive;
    for (const type of EVENT_TYPES) {
      source.addEventListener(type, receive);
    }
    source.onopen = () => {
      this.onStatus('live');
      void this.catchUp();
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) {
        this.startPolling();
      } else {
        this.onStatus('connecting');
      }
    };
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
    if (this.pollTimer !== undefined) {
      window.clearInterval(this.pollTimer);
      this.pollTimer = undefined;
    }
  }

  private startPolling(): void {
    this.source?.close();
    this.source = undefined;
    if (this.pollTimer !== undefined) {
      return;
    }
    this.onStatus('polling');
    this.pollTimer = window.setInterval(() => void this.catchUp(), POLL_MS);
  }

  private async catchUp(): Promise<void> {
    try {
      const events = await fetchEventsAfter(this.lastPosition());
      if (events.length > 0) {
        this.onEvents(events);
      }
      if (this.pollTimer !== undefined) {
        this.onStatus('polling');
      }
    } catch {
      this.onStatus('offline');
    }
  }
}
