import { Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { openEventStore } from '../../infra/event-store/open-event-store';
import type { EventInfrastructure } from '../../infra/event-store/open-event-store';
import type { PrismaClient } from '../../infra/database/prisma-client';
import type { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import type { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import type { RegistryReadModel } from '../../infra/projections/registry-read-model';
import type { Database } from '../database/database';

// The Postgres side of the registry for one service instance, as openEventStore wires it: a
// Prisma client, the event store that appends through it, the read models, and the LISTEN feed
// of every instance's appends (listening before any provider uses it).
export class RegistryInfra implements OnModuleDestroy {
  readonly prisma: PrismaClient;
  readonly store: PrismaEventStore;
  readonly readModel: RegistryReadModel;
  readonly feed: PgEventFeed;

  private constructor(private readonly opened: EventInfrastructure) {
    this.prisma = opened.prisma;
    this.store = opened.store;
    this.readModel = opened.readModel;
    this.feed = opened.feed;
  }

  static async open(db: Database): Promise<RegistryInfra> {
    const logger = new Logger('RegistryInfra');
    return new RegistryInfra(await openEventStore(db.url, { maxConnections: 10, log: (m) => logger.warn(m) }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.opened.close();
  }
}
