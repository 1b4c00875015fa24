// Errors that mean "Postgres is not there right now" rather than "this request is wrong" or
// "we have a bug": answered 503 so that clients retry and dashboards blame the database.
// Prisma reports them as P1xxx connection codes or a driver-adapter error kind; pg and Node
// as SQLSTATE class 08 / 57P0x and socket errors.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);

// What pg says, without a code, when the server goes away under a query or a pool checkout.
const DRIVER_MESSAGES = /^(Connection terminated unexpectedly|Connection terminated|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable)$/;

interface MaybeDbError {
  message?: unknown;
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown } } };
  cause?: unknown;
}

export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 3) {
    return false;
  }
  const e = err as MaybeDbError;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const cause = e.meta?.driverAdapterError?.cause;
  const sqlState = typeof cause?.originalCode === 'string' ? cause.originalCode : code;
  if (code !== undefined && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code))) {
    return true;
  }
  if (typeof cause?.kind === 'string' && ADAPTER_KINDS.has(cause.kind)) {
    return true;
  }
  if (sqlState !== undefined && /^(08...|57P0[1-3])$/.test(sqlState)) {
    return true;
  }
  if (typeof e.message === 'string' && DRIVER_MESSAGES.test(e.message)) {
    return true;
  }
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export const DATABASE_UNAVAILABLE = {
  error: 'unavailable',
  message: 'the database is unavailable; retry later (GET /health answers 200 when it is back)',
} as const;
