import { Global, Module } from '@nestjs/common';
import { CompatService } from '../compat/compat.service';
import { ConversionMetrics } from '../compat/conversion-metrics';
import { LayoutCache } from './layout-cache';
import { LayoutQueries } from './layout-queries.service';
import { RegistryInfra } from './registry-infra';
import { RegistryService } from './registry.service';

@Global()
@Module({
  providers: [RegistryInfra, LayoutCache, RegistryService, LayoutQueries, CompatService, ConversionMetrics],
  exports: [RegistryInfra, LayoutCache, RegistryService, LayoutQueries, CompatService],
})
export class RegistryModule {}
