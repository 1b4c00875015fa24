import { Global, Module } from '@nestjs/common';
import { CEmitterService } from '../compat/c-emitter.service';
import { CompatibilityService } from '../compat/compatibility.service';
import { ConversionMetrics } from '../compat/conversion-metrics';
import { ConversionService } from '../compat/conversion.service';
import { IdentifyService } from '../compat/identify.service';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import { RegistryReadModel } from '../../infra/projections/registry-read-model';
import { EventLogService } from './event-log.service';
import { eventStoreProviders } from './event-store-connection';
import { GovernanceQueries } from './governance-queries.service';
import { LayoutCache } from './layout-cache';
import { LayoutQueries } from './layout-queries.service';
import { RegisteredLayouts } from './registered-layouts.service';
import { RegistryService } from './registry.service';
import { RegistryWrites } from './registry-writes.service';

const services = [
  RegistryService,
  RegistryWrites,
  RegisteredLayouts,
  LayoutQueries,
  GovernanceQueries,
  EventLogService,
  CompatibilityService,
  ConversionService,
  CEmitterService,
  IdentifyService,
];

@Global()
@Module({
  providers: [...eventStoreProviders, LayoutCache, ConversionMetrics, ...services],
  exports: [PrismaEventStore, PgEventFeed, RegistryReadModel, LayoutCache, ...services],
})
export class RegistryModule {}
