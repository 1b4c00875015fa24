import type { CompatMatrix, LayoutSummary, StoredEvent } from '../api/types.js';

// The dashboard's one source of truth: the catalog (layouts + matrix) and the event log, each
// replaced or extended as data arrives, with listeners told what changed.
export type StoreChange = { kind: 'catalog' } | { kind: 'events'; added: StoredEvent[]; initial: boolean };
type Listener = (change: StoreChange) => void;

export class Store {
  layouts: LayoutSummary[] = [];
  matrix: CompatMatrix | undefined;
  events: StoredEvent[] = [];
  private readonly positions = new Set<number>();
  private readonly listeners: Listener[] = [];

  on(listener: Listener): void {
    this.listeners.push(listener);
  }

  setCatalog(layouts: LayoutSummary[], matrix: CompatMatrix): void {
    this.layouts = layouts;
    this.matrix = matrix;
    this.emit({ kind: 'catalog' });
  }

  // The live feed and catch-up fetches may both deliver an event: position dedupes them.
  addEvents(events: readonly StoredEvent[], initial: boolean): StoredEvent[] {
    const added = events.filter((e) => !this.positions.has(e.position));
    if (added.length === 0) {
      return added;
    }
    for (const event of added) {
      this.positions.add(event.position);
    }
    this.events = [...this.events, ...added].sort((a, b) => a.position - b.position);
    added.sort((a, b) => a.position - b.position);
    this.emit({ kind: 'events', added, initial });
    return added;
  }

  lastPosition(): number | undefined {
    return this.events[this.events.length - 1]?.position;
  }

  layout(name: string): LayoutSummary | undefined {
    return this.layouts.find((l) => l.name === name);
  }

  private emit(change: StoreChange): void {
    for (const listener of this.listeners) {
      listener(change);
    }
  }
}
