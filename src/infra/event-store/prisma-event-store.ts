import type { AppendRequest, AppendResult, ChainVerification, EventStore } from '../../core/events/event-store';
import type { StoredEvent } from '../../core/events/events';
import { assertExpectedPosition, assertExpectedVersion, nextVersion } from '../../core/events/expected-version';
import { ChainVerifier, GENESIS_HASH, chainHash, toJsonValue } from '../../core/events/hash-chain';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import type { EventProjector } from '../projections/registry-projector';
import { registryProjector } from '../projections/registry-projector';
import { EVENTS_CHANNEL, lockAppends, toStoredEvent } from './event-rows';

export interface PrismaEventStoreOptions {
  now?: () => Date;
  projector?: EventProjector; // default: the registry read models
  transactionTimeoutMs?: number; // includes the wait for the append lock
  verifyBatchSize?: number;
}

// The Postgres EventStore. One append = one transaction that takes the append lock, checks the
// idempotency key and the expected versions, inserts the events with position max+1.. and the
// chained hashes, updates the read models, and NOTIFYs. Several service instances may append to
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
    if (key !== undefined) {
      const replay = await this.commandEvents(tx, key);
      if (replay.length > 0) {
        return { events: replay, replayed: true };
      }
    }
    const head = await tx.event.findFirst({ orderBy: { position: 'desc' }, select: { position: true, hash: true } });
    const last = await tx.event.findFirst({
      where: { stream: request.stream },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const current = last?.version ?? 0;
    assertExpectedVersion(request.stream, request.expectedVersion, current);
    assertExpectedPosition(request.expectedPosition, Number(head?.position ?? 0));
    if (request.events.length === 0) {
      return { events: [], replayed: false };
    }

    // Taken under the lock, so recordedAt never decreases along the log.
    const recordedAt = this.now().toISOString();
    const metadata = toJsonValue(request.metadata);
    let prevHash = head?.hash ?? GENESIS_HASH;
    const first = Number(head?.position ?? 0) + 1;
    const rows: Prisma.EventCreateManyInput[] = [];
    const stored = request.events.map((event, i) => {
      const content = {
        position: first + i,
        stream: request.stream,
        version: nextVersion(current, i),
        type: event.type,
        data: toJsonValue(event.data),
        metadata,
        recordedAt,
      };
      const hash = chainHash(prevHash, content);
      rows.push({
        ...content,
        position: BigInt(content.position),
        data: content.data as unknown as Prisma.InputJsonValue,
        metadata: metadata as Prisma.InputJsonValue,
        recordedAt: new Date(recordedAt),
        hash,
        prevHash,
        idempotencyKey: i === 0 ? key : undefined,
      });
      prevHash = hash;
      return { ...content, hash } as StoredEvent;
    });
    await tx.event.createMany({ data: rows });
    await this.projector.apply(tx, stored);
    // Delivered to listeners only when this transaction commits, and never if it rolls back.
    await tx.$executeRawUnsafe('SELECT pg_notify($1, $2)', EVENTS_CHANNEL, String(first + stored.length - 1));
    return { events: stored, replayed: false };
  }

  // The events of the command that first used `key`: it marked its first event, and all its
  // events are contiguous in one stream because they were appended under one lock.
  private async commandEvents(tx: Prisma.TransactionClient, key: string): Promise<StoredEvent[]> {
    const first = await tx.event.findUnique({ where: { idempotencyKey: key }, select: { position: true, stream: true } });
    if (!first) {
      return [];
    }
    const rows = await tx.event.findMany({
      where: { stream: first.stream, position: { gte: first.position }, metadata: { path: ['idempotencyKey'], equals: key } },
      orderBy: { position: 'asc' },
    });
    return rows.map(toStoredEvent);
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
