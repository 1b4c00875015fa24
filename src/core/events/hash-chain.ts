import { createHash } from 'node:crypto';
import type { ChainVerification } from './event-store';
import type { StoredEvent } from './events';

// The tamper-evidence of the log. hash(n) = sha256(hash(n-1) + canonical(n)) over the UTF-8 of
// both, hex. Writers and verify() must serialise an event identically, so the canonical form
// is defined here once: JSON with object keys sorted recursively, no whitespace, undefined
// members dropped. Postgres JSONB reorders keys, which is why key order cannot be trusted.
// Changing anything here invalidates every stored chain.

export const GENESIS_HASH = '0'.repeat(64);

export type HashableEvent = Pick<
  StoredEvent,
  'position' | 'stream' | 'version' | 'type' | 'data' | 'metadata' | 'recordedAt'
>;

export function canonicalJson(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) {
        throw new TypeError(`canonicalJson: ${value} has no JSON form`);
      }
      return JSON.stringify(value);
    case 'object':
      if (Array.isArray(value)) {
        // JSON.stringify writes undefined array slots as null; keep that so data round-trips.
        return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      }
      return canonicalObject(value as Record<string, unknown>);
    default:
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form`);
  }
}

function canonicalObject(obj: Record<string, unknown>): string {
  const proto = Object.getPrototypeOf(obj) as object | null;
  // A Date or class instance would serialise differently after a trip through JSONB. The
  // check is by shape, not `=== Object.prototype`: structuredClone and vm contexts (Jest)
  // produce plain objects whose Object.prototype belongs to another realm.
  if (proto !== null && Object.getPrototypeOf(proto) !== null) {
    throw new TypeError('canonicalJson: only plain objects are allowed');
  }
  const members = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`);
  return `{${members.join(',')}}`;
}

// The exact JSON value a JSONB column gives back for `value` (undefined members gone), for
// stores that keep data in memory but must hash and return it as Postgres would.
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function canonicalEventContent(event: HashableEvent): string {
  return canonicalJson({
    position: event.position,
    stream: event.stream,
    version: event.version,
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt,
  });
}

export function chainHash(prevHash: string, event: HashableEvent): string {
  return createHash('sha256').update(prevHash, 'utf8').update(canonicalEventContent(event), 'utf8').digest('hex');
}

export interface ChainLink extends HashableEvent {
  hash: string;
  prevHash?: string; // when the store keeps it: must equal the previous event's hash
}

// Walks the log in position order, one event at a time, so a store can feed it in batches
// without holding the log in memory. The first break wins: a gap in positions, a prevHash that
// does not point at the previous hash, or a hash that does not match the content.
export class ChainVerifier {
  private count = 0;
  private lastHash = GENESIS_HASH;
  private expectedPosition = 1;
  private head: string | null = null;
  private firstBad: number | undefined;

  push(link: ChainLink): void {
    this.count += 1;
    this.head = link.hash;
    if (this.firstBad === undefined) {
      const broken =
        link.position !== this.expectedPosition ||
        (link.prevHash !== undefined && link.prevHash !== this.lastHash) ||
        chainHash(this.lastHash, link) !== link.hash;
      if (broken) {
        this.firstBad = Math.min(link.position, this.expectedPosition);
      }
    }
    // Continue from the stored hash, so a single altered row is reported once, at its own
    // position, instead of poisoning every later link.
    this.lastHash = link.hash;
    this.expectedPosition = link.position + 1;
  }

  result(): ChainVerification {
    const ok = this.firstBad === undefined;
    return ok
      ? { ok, events: this.count, head: this.head }
      : { ok, events: this.count, head: this.head, firstBadPosition: this.firstBad };
  }
}
