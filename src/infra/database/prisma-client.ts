import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../../generated/prisma/client';

export interface PrismaClientOptions {
  // Pool size. Every append holds one connection for its whole transaction (while it waits
  // for the append lock too), so this bounds one instance's concurrent writes.
  maxConnections?: number;
  applicationName?: string; // shows up in pg_stat_activity
  onPoolError?: (err: Error) => void;
}

// Prisma 7 talks to Postgres through a driver adapter; @prisma/adapter-pg owns a pg.Pool for
// this connection string. Callers own the client and must $disconnect() it on shutdown.
export function createPrismaClient(connectionString: string, options: PrismaClientOptions = {}): PrismaClient {
  const adapter = new PrismaPg(
    {
      connectionString,
      max: options.maxConnections ?? 10,
      application_name: options.applicationName ?? 'vmcs12-registry',
    },
    // An idle pooled connection dropped by the server (restart, failover) emits 'error' on the
    // pool; unhandled, that kills the process. The next query simply opens a new connection.
    { onPoolError: options.onPoolError ?? (() => undefined) },
  );
  return new PrismaClient({ adapter });
}

export type { PrismaClient };
