import type { PrismaClient } from '../../generated/prisma/client';
import { createPrismaClient } from '../database/prisma-client';
import { RegistryReadModel } from '../projections/registry-read-model';
import { PgEventFeed } from './pg-event-feed';
import type { PrismaEventStoreOptions } from './prisma-event-store';
import { PrismaEventStore } from './prisma-event-store';

export interface EventInfrastructure {
  prisma: PrismaClient;
  store: PrismaEventStore;
  feed: PgEventFeed; // already LISTENing
  readModel: RegistryReadModel;
  close(): Promise<void>;
}

export interface OpenEventStoreOptions extends PrismaEventStoreOptions {
  maxConnections?: number;
  log?: (message: string) => void;
}

// Everything one service instance needs on a migrated database (run migrate() first): the
// store for appends, the feed for live events, the read models for queries. One pool serves
// store and read models; the feed holds one more connection of its own for LISTEN.
export async function openEventStore(url: string, options: OpenEventStoreOptions = {}): Promise<EventInfrastructure> {
  const prisma = createPrismaClient(url, { maxConnections: options.maxConnections });
  const store = new PrismaEventStore(prisma, options);
  const feed = new PgEventFeed({ connectionString: url, store, log: options.log });
  try {
    await feed.start();
  } catch (err) {
    await prisma.$disconnect();
    throw err;
  }
  return {
    prisma,
    store,
    feed,
    readModel: new RegistryReadModel(prisma),
    close: async () => {
      await feed.close();
      await prisma.$disconnect();
    },
  };
}
