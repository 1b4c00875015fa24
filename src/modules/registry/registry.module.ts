import { Global, Module } from '@nestjs/common';
import { CompatService } from '../compat/compat.service';
import { ConversionMetrics } from '../compat/conversion-metrics';
import { IdentifyService } from '../compat/identify.service';
import { LayoutCache } from './layout-cache';
import { Database } from '../database/database';
import { LayoutQueries } from './layout-queries.service';
import { RegistryInfra } from './registry-infra';
import { RegistryService } from './registry.service';

@Global()
@Module({
  providers: [
    { provide: RegistryInfra, useFactory: (db: Database) => RegistryInfra.open(db), inject: [Database] },
    LayoutCache,
    RegistryService,
    LayoutQueries,
    CompatService,
    IdentifyService,
    ConversionMetrics,
  ],
  exports: [RegistryInfra, LayoutCache, RegistryService, LayoutQueries, CompatService, IdentifyService],
})
export class RegistryModule {}
