import type { StoredEvent } from '../../core/events/events';
import type { Event as EventRow, Prisma } from '../../generated/prisma/client';

// Shared by the store, the projector and the rebuild: how an events row becomes a StoredEvent,
// and the lock that orders every write to the log.

// pg_advisory_xact_lock(APPEND_LOCK_NAMESPACE, APPEND_LOCK_ID): held from the start of an
// append transaction to its commit. It serialises position assignment and the hash chain
// across every service instance on the database (a row lock cannot: there is no row yet), and
// the rebuild takes it too so the log cannot grow while the read models are being replaced.
// Two-int4 keys ("vmcs", 1) live in a key space apart from Prisma Migrate's bigint key.
export const APPEND_LOCK_NAMESPACE = 0x766d6373;
export const APPEND_LOCK_ID = 1;

// NOTIFY channel; the payload is the last position of the committed append.
export const EVENTS_CHANNEL = 'registry_events';

export async function lockAppends(tx: Prisma.TransactionClient): Promise<void> {
  // $executeRawUnsafe rather than $queryRaw: the function returns `void`, a column type the
  // query engine will not deserialise.
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${APPEND_LOCK_NAMESPACE}, ${APPEND_LOCK_ID})`);
}

export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    position: Number(row.position),
    stream: row.stream,
    version: row.version,
    type: row.type,
    data: row.data,
    metadata: row.metadata,
    recordedAt: row.recordedAt.toISOString(),
    hash: row.hash,
  } as unknown as StoredEvent;
}
