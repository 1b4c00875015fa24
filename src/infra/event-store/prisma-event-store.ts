import type { AppendRequest, AppendResult, ChainVerification, EventStore } from '../../core/events/event-store';
import type { StoredEvent } from '../../core/events/events';
import { assertExpectedPosition, assertExpectedVersion, nextVersion } from '../../core/events/expected-version';
import { assertSameCommand } from '../../core/events/idempotency';
import { ChainVerifier, GENESIS_HASH, chainHash, toJsonValue } from '../../core/events/hash-chain';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { EventProjector } from '../projections/registry-projector';
import { registryProjector } from '../projections/registry-projector';
import type { EventInsert } from './event-rows';
import { insertEventsAndNotify, lockAppends, probeAppend, toStoredEvent } from './event-rows';

export interface PrismaEventStoreOptions {
  now?: () => Date;
  projector?: EventProjector; // default: the registry read models
  transactionTimeoutMs?: number; // includes the wait for the append lock
  verifyBatchSize?: number;
}

// The Postgres EventStore. One append = one transaction that takes the append lock, checks the
// idempotency key and the expected versions, inserts the events with position max+1.. and the
// chained hashes, NOTIFYs (delivered at commit), and updates the read models. Several service instances may append to
// one database at once: the lock makes them take turns, so positions stay gapless and every
// prevHash is the hash of the row just before it.
export class PrismaEventStore implements EventStore {
  private readonly now: () => Date;
  private readonly projector: EventProjector;
  private readonly timeout: number;
  private readonly verifyBatch: number;

  constructor(
    private readonly prisma: PrismaClient,
    options: PrismaEventStoreOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.projector = options.projector ?? registryProjector;
    this.timeout = options.transactionTimeoutMs ?? 30_000;
    this.verifyBatch = options.verifyBatchSize ?? 2000;
  }

  append(request: AppendRequest): Promise<AppendResult> {
    // READ COMMITTED (the default) matters: each statement after the lock takes a new
    // snapshot, so it sees the rows of the append that held the lock before us.
    return this.prisma.$transaction((tx) => this.appendLocked(tx, request), {
      timeout: this.timeout,
      maxWait: this.timeout,
    });
  }

  private async appendLocked(tx: Prisma.TransactionClient, request: AppendRequest): Promise<AppendResult> {
    await lockAppends(tx);
    const key = request.metadata.idempotencyKey;
    const probe = await probeAppend(tx, request.stream, key ?? null);
    if (key !== undefined && probe.replayFrom !== null) {
      const events = await this.commandEvents(tx, key, probe.replayFrom);
      assertSameCommand(key, events[0], request.metadata);
      return { events, replayed: true };
    }
    const current = probe.streamVersion ?? 0;
    const head = Number(probe.head ?? 0);
    assertExpectedVersion(request.stream, request.expectedVersion, current);
    assertExpectedPosition(request.expectedPosition, head);
    if (request.events.length === 0) {
      return { events: [], replayed: false };
    }

    // Taken under the lock, so recordedAt never decreases along the log.
    const recordedAt = this.now().toISOString();
    const metadata = toJsonValue(request.metadata);
    let prevHash = probe.headHash ?? GENESIS_HASH;
    const rows: EventInsert[] = [];
    const stored = request.events.map((event, i) => {
      const content = {
        position: head + 1 + i,
        stream: request.stream,
        version: nextVersion(current, i),
        type: event.type,
        data: toJsonValue(event.data),
        metadata,
        recordedAt,
      };
      const hash = chainHash(prevHash, content);
      const { recordedAt: _r, ...columns } = content;
      rows.push({ ...columns, recorded_at: recordedAt, hash, prev_hash: prevHash, idempotency_key: i === 0 ? (key ?? null) : null });
      prevHash = hash;
      return { ...content, hash } as StoredEvent;
    });
    await insertEventsAndNotify(tx, rows, head + stored.length);
    await this.projector.apply(tx, stored);
    return { events: stored, replayed: false };
  }

  // The events of the command that first used `key`: it marked its first event, and all its
  // events are contiguous in one stream because they were appended under one lock.
  private async commandEvents(tx: Prisma.TransactionClient | PrismaClient, key: string, from: bigint): Promise<StoredEvent[]> {
    const first = await tx.event.findUniqueOrThrow({ where: { position: from }, select: { stream: true } });
    const rows = await tx.event.findMany({
      where: { stream: first.stream, position: { gte: from }, metadata: { path: ['idempotencyKey'], equals: key } },
      orderBy: { position: 'asc' },
    });
    return rows.map(toStoredEvent);
  }

  async eventsForKey(key: string): Promise<StoredEvent[]> {
    const first = await this.prisma.event.findUnique({ where: { idempotencyKey: key }, select: { position: true } });
    return first ? this.commandEvents(this.prisma, key, first.position) : [];
  }

  async readStream(stream: string): Promise<StoredEvent[]> {
    const rows = await this.prisma.event.findMany({ where: { stream }, orderBy: { version: 'asc' } });
    return rows.map(toStoredEvent);
  }

  async readAll(after: number, limit: number): Promise<StoredEvent[]> {
    if (limit <= 0) {
      return [];
    }
    const rows = await this.prisma.event.findMany({
      where: { position: { gt: BigInt(Math.max(0, Math.floor(after))) } },
      orderBy: { position: 'asc' },
      take: Math.floor(limit),
    });
    return rows.map(toStoredEvent);
  }

  // Re-walks the whole chain in batches, recomputing every hash from the stored content.
  async verify(): Promise<ChainVerification> {
    const verifier = new ChainVerifier();
    let after = 0n;
    for (;;) {
      const rows = await this.prisma.event.findMany({
        where: { position: { gt: after } },
        orderBy: { position: 'asc' },
        take: this.verifyBatch,
      });
      for (const row of rows) {
        verifier.push({ ...toStoredEvent(row), prevHash: row.prevHash });
      }
      const last = rows.at(-1);
      if (!last || rows.length < this.verifyBatch) {
        return verifier.result();
      }
      after = last.position;
    }
  }
}
