import { Logger } from '@nestjs/common';
import type { OnModuleDestroy, Provider } from '@nestjs/common';
import { openEventStore } from '../../infra/event-store/open-event-store';
import type { EventInfrastructure } from '../../infra/event-store/open-event-store';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import { RegistryReadModel } from '../../infra/projections/registry-read-model';
import { Database } from '../database/database';

// This instance's connection to the registry's Postgres side, as openEventStore wires it (the
// feed LISTENing before any provider uses it); closed with the module.
export class EventStoreConnection implements OnModuleDestroy {
  private constructor(readonly opened: EventInfrastructure) {}

  static async open(db: Database): Promise<EventStoreConnection> {
    const logger = new Logger('EventStoreConnection');
    return new EventStoreConnection(await openEventStore(db.url, { maxConnections: 10, log: (m) => logger.warn(m) }));
  }

  async onModuleDestroy(): Promise<void> {
    await this.opened.close();
  }
}

// What the connection holds, each injectable under its own class: the event store that appends
// and reads the log, the feed of every instance's appends, and the read models.
export const eventStoreProviders: Provider[] = [
  { provide: EventStoreConnection, useFactory: (db: Database) => EventStoreConnection.open(db), inject: [Database] },
  { provide: PrismaEventStore, useFactory: (c: EventStoreConnection) => c.opened.store, inject: [EventStoreConnection] },
  { provide: PgEventFeed, useFactory: (c: EventStoreConnection) => c.opened.feed, inject: [EventStoreConnection] },
  { provide: RegistryReadModel, useFactory: (c: EventStoreConnection) => c.opened.readModel, inject: [EventStoreConnection] },
];
