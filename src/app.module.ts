import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { AppConfig } from './infra/config/env';
import { HttpExceptionFilter } from './modules/api/errors/http-exception.filter';
import { GraphqlApiModule } from './modules/api/graphql/graphql-api.module';
import { OpenApiModule } from './modules/api/openapi/openapi.module';
import { Database } from './modules/database/database';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { HealthModule } from './modules/health/health.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { ObservabilityModule } from './modules/observability/observability.module';
import { RegistryModule } from './modules/registry/registry.module';
import { RestModule } from './modules/api/rest/rest.module';

import { DEFAULT_SSE_LIMITS } from './modules/edge/event-stream';
import type { SseLimits } from './modules/edge/event-stream';
import type { TokenBuckets } from './modules/limits/token-buckets';
import { APP_CONFIG, CLIENT_BUCKETS, SSE_LIMITS } from './modules/tokens';

export interface AppDeps {
  config: AppConfig;
  database: Database;
  sseLimits?: SseLimits; // default DEFAULT_SSE_LIMITS; tests shorten them
}

// What createApp adds: the one set of rate-limit buckets, which its request gate takes from
// and GraphQL's document-work charge too (CLIENT_BUCKETS). No default here: a second set would
// give a client two budgets.
export interface AppModuleDeps extends AppDeps {
  buckets: TokenBuckets;
}

@Global()
@Module({})
class CoreProvidersModule {
  static register(deps: AppModuleDeps): DynamicModule {
    return {
      module: CoreProvidersModule,
      providers: [
        { provide: APP_CONFIG, useValue: deps.config },
        { provide: Database, useValue: deps.database },
        { provide: SSE_LIMITS, useValue: deps.sseLimits ?? DEFAULT_SSE_LIMITS },
        { provide: CLIENT_BUCKETS, useValue: deps.buckets },
      ],
      exports: [APP_CONFIG, Database, SSE_LIMITS, CLIENT_BUCKETS],
    };
  }
}

@Module({})
export class AppModule {
  static forRoot(deps: AppModuleDeps): DynamicModule {
    return {
      module: AppModule,
      imports: [CoreProvidersModule.register(deps), MetricsModule, HealthModule, RegistryModule, RestModule, GraphqlApiModule, OpenApiModule, DashboardModule, ObservabilityModule],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
