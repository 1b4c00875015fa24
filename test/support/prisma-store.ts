import type { PrismaClient } from '../../src/generated/prisma/client';
import { createPrismaClient } from '../../src/infra/database/prisma-client';
import type { PrismaEventStoreOptions } from '../../src/infra/event-store/prisma-event-store';
import { PrismaEventStore } from '../../src/infra/event-store/prisma-event-store';

// One "service instance" for int tests: its own PrismaClient (and so its own pool) on `url`.
export interface StoreInstance {
  prisma: PrismaClient;
  store: PrismaEventStore;
  close(): Promise<void>;
}

export function openStore(url: string, options: PrismaEventStoreOptions & { maxConnections?: number } = {}): StoreInstance {
  const prisma = createPrismaClient(url, { maxConnections: options.maxConnections ?? 5, applicationName: 'vmcs12-int-test' });
  return { prisma, store: new PrismaEventStore(prisma, options), close: () => prisma.$disconnect() };
}
