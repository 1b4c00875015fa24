import type { EventMetadata, RegistryEvent, StoredEvent } from './events';

// Optimistic concurrency: 'no-stream' = the stream must not exist; a number = the stream's
// current version must equal it; 'any' = no check. A stale expectation throws CoreError CONFLICT.
export type ExpectedVersion = number | 'no-stream' | 'any';

export interface AppendRequest {
  stream: string;
  expectedVersion: ExpectedVersion;
  events: RegistryEvent[];
  metadata: EventMetadata;
  // Optional: the global log must still end at this position (CONFLICT otherwise). For
  // decisions that read beyond their own stream, such as the registration policy gate.
  expectedPosition?: number;
}

export interface AppendResult {
  events: StoredEvent[]; // as stored (or, for a replayed idempotency key, as stored the first time)
  replayed: boolean;
}

export interface ChainVerification {
  ok: boolean;
  events: number;
  head: string | null;
  firstBadPosition?: number;
}

export interface EventStore {
  append(request: AppendRequest): Promise<AppendResult>;
  // The events the first request with this Idempotency-Key appended, in order; [] for a key
  // never used. append() checks the key again under its lock, for requests racing each other.
  eventsForKey(key: string): Promise<StoredEvent[]>;
  readStream(stream: string): Promise<StoredEvent[]>;
  readAll(after: number, limit: number): Promise<StoredEvent[]>;
  verify(): Promise<ChainVerification>;
}

// Live delivery for SSE and GraphQL subscriptions: every event with position > after, in
// order, first the backlog and then new appends (from any service instance), until the signal
// aborts or the consumer stops iterating.
export interface EventFeed {
  // pageSize: how many events a follower reads (and holds) at once while it catches up.
  subscribe(after: number, signal?: AbortSignal, pageSize?: number): AsyncIterable<StoredEvent>;
}
