import type { AppendRequest, AppendResult, ChainVerification, EventFeed, EventStore } from './event-store';
import type { StoredEvent } from './events';
import { assertExpectedPosition, assertExpectedVersion, nextVersion } from './expected-version';
import { ChangeSignal, followLog } from './follow-log';
import { ChainVerifier, GENESIS_HASH, chainHash, toJsonValue } from './hash-chain';
import { assertSameCommand } from './idempotency';

export interface InMemoryEventStoreOptions {
  now?: () => Date;
}

type Row = StoredEvent & { prevHash: string };

// The reference implementation of the EventStore contract, for unit tests and for running the
// service without Postgres. Each append runs without an await, so it is atomic under Node's
// single thread exactly as the Postgres store is under its advisory lock.
export class InMemoryEventStore implements EventStore, EventFeed {
  private readonly log: Row[] = [];
  private readonly versions = new Map<string, number>();
  private readonly commands = new Map<string, StoredEvent[]>(); // idempotency key → its events
  private readonly changes = new ChangeSignal();
  private readonly now: () => Date;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
  }

  async append(request: AppendRequest): Promise<AppendResult> {
    const key = request.metadata.idempotencyKey;
    const previous = key === undefined ? undefined : this.commands.get(key);
    if (key !== undefined && previous) {
      assertSameCommand(key, previous[0], request.metadata);
      return { events: previous.map(copy), replayed: true };
    }
    const current = this.versions.get(request.stream) ?? 0;
    assertExpectedVersion(request.stream, request.expectedVersion, current);
    assertExpectedPosition(request.expectedPosition, this.log.length);
    if (request.events.length === 0) {
      return { events: [], replayed: false };
    }
    const recordedAt = this.now().toISOString();
    const metadata = toJsonValue(request.metadata);
    let prevHash = this.log.at(-1)?.hash ?? GENESIS_HASH;
    const stored: StoredEvent[] = request.events.map((event, i) => {
      const content = {
        type: event.type,
        data: toJsonValue(event.data),
        position: this.log.length + 1,
        stream: request.stream,
        version: nextVersion(current, i),
        metadata,
        recordedAt,
      } as Omit<StoredEvent, 'hash'>;
      const row = { ...content, hash: chainHash(prevHash, content), prevHash } as Row;
      this.log.push(row);
      prevHash = row.hash;
      return withoutPrevHash(row);
    });
    this.versions.set(request.stream, current + stored.length);
    if (key !== undefined) {
      this.commands.set(key, stored);
    }
    this.changes.notify();
    return { events: stored.map(copy), replayed: false };
  }

  async eventsForKey(key: string): Promise<StoredEvent[]> {
    return (this.commands.get(key) ?? []).map(copy);
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    return this.log.filter((e) => e.stream === stream).map(withoutPrevHash);
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    // position n sits at index n-1, because positions are gapless from 1.
    return this.log.slice(Math.max(0, after), Math.max(0, after) + Math.max(0, limit)).map(withoutPrevHash);
  }

  async verify(): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    this.log.forEach((row) => verifier.push(row));
    return verifier.result();
  }

  subscribe(after: number, signal?: AbortSignal, pageSize?: number): AsyncIterable<StoredEvent> {
    return followLog((a, l) => this.readAll(a, l), this.changes, after, signal, pageSize);
  }
}

function withoutPrevHash(row: Row): StoredEvent {
  const { prevHash: _prevHash, ...event } = row;
  return copy(event as StoredEvent);
}

// Callers get their own copies: mutating a returned event must not rewrite history.
function copy(event: StoredEvent): StoredEvent {
  return structuredClone(event);
}
