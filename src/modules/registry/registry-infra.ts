import { Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient } from '../../infra/database/prisma-client';
import type { PrismaClient } from '../../infra/database/prisma-client';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import { RegistryReadModel } from '../../infra/projections/registry-read-model';
import { Database } from '../database/database';

// The Postgres side of the registry for one service instance: a Prisma client, the event
// store that appends through it, the read models, and the LISTEN feed of every instance's
// appends.
@Injectable()
export class RegistryInfra implements OnModuleDestroy {
  readonly prisma: PrismaClient;
  readonly store: PrismaEventStore;
  readonly readModel: RegistryReadModel;
  readonly feed: PgEventFeed;
  private readonly logger = new Logger('RegistryInfra');

  constructor(db: Database) {
    this.prisma = createPrismaClient(db.url, { maxConnections: 10 });
    this.store = new PrismaEventStore(this.prisma);
    this.readModel = new RegistryReadModel(this.prisma);
    this.feed = new PgEventFeed({
      connectionString: db.url,
      store: this.store,
      log: (m) => this.logger.warn(m),
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.feed.close();
    await this.prisma.$disconnect();
  }
}
