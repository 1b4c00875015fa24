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

export interface AppendProbe {
  head: bigint | null; // last position, null for an empty log
  headHash: string | null;
  streamVersion: number | null; // null: the stream does not exist
  replayFrom: bigint | null; // first position of the command that used the idempotency key
}

// Everything an append must know, in one round trip (each Prisma query costs about a
// millisecond, and the append lock is held for all of them). Must run as its own statement
// after the lock: a statement's snapshot is taken when it starts.
export async function probeAppend(tx: Prisma.TransactionClient, stream: string, key: string | null): Promise<AppendProbe> {
  const rows = await tx.$queryRaw<AppendProbe[]>`
    SELECT (SELECT position FROM events ORDER BY position DESC LIMIT 1) AS "head",
           (SELECT hash FROM events ORDER BY position DESC LIMIT 1) AS "headHash",
           (SELECT max(version) FROM events WHERE stream = ${stream}) AS "streamVersion",
           (SELECT position FROM events WHERE idempotency_key = ${key}) AS "replayFrom"`;
  const probe = rows[0];
  if (!probe) {
    throw new Error('append probe returned no row');
  }
  return probe;
}

export interface EventInsert {
  position: number;
  stream: string;
  version: number;
  type: string;
  data: unknown;
  metadata: unknown;
  recorded_at: string;
  hash: string;
  prev_hash: string;
  idempotency_key: string | null;
}

const EVENT_COLUMNS = ['position', 'stream', 'version', 'type', 'data', 'metadata', 'recorded_at', 'hash', 'prev_hash', 'idempotency_key'];

// One statement for all events of a command and the NOTIFY announcing them, the rows travelling
// as one JSON parameter (keys are column names; the JSON text becomes JSONB exactly as Prisma's
// own Json parameters do). The notification is queued by the transaction and delivered only at
// commit, so sending it before the projection runs is safe: a rollback discards it.
export async function insertEventsAndNotify(tx: Prisma.TransactionClient, rows: EventInsert[], lastPosition: number): Promise<void> {
  const list = EVENT_COLUMNS.map((c) => `"${c}"`).join(', ');
  await tx.$executeRawUnsafe(
    `WITH inserted AS (
       INSERT INTO "events" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"events", $1::json) RETURNING 1
     )
     SELECT pg_notify($2, $3) FROM (SELECT count(*) FROM inserted) AS done`,
    JSON.stringify(rows),
    EVENTS_CHANNEL,
    String(lastPosition),
  );
}

// INSERT ... SELECT FROM json_populate_recordset: a bulk insert whose cost does not grow with
// the number of bind parameters. Prisma's createMany needs about 100 s for the 190,000
// layout_fields rows of the rebuild benchmark; this takes about 3 s.
export async function insertJsonRows(tx: Prisma.TransactionClient, table: string, columns: readonly string[], rows: object[]): Promise<void> {
  if (rows.length === 0) {
    return;
  }
  const list = columns.map((c) => `"${c}"`).join(', ');
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)`,
    JSON.stringify(rows),
  );
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
