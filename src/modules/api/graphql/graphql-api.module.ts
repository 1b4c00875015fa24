import { Logger, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { AppConfig } from '../../../infra/config/env';
import { CompatibilityService } from '../../compat/compatibility.service';
import { LayoutQueries } from '../../registry/layout-queries.service';
import type { TokenBuckets } from '../../limits/token-buckets';
import { APP_CONFIG, CLIENT_BUCKETS } from '../../tokens';
import { GqlWriteGuard } from './auth/gql-write.guard';
import { graphqlOptions } from './graphql-options';
import { LayoutHistory } from './history/layout-history.service';
import { CompatResolver } from './resolvers/compat.resolver';
import { EventsResolver } from './resolvers/events.resolver';
import { GovernanceResolver } from './resolvers/governance.resolver';
import { HistoryResolver } from './resolvers/history.resolver';
import { IdentifyResolver } from './resolvers/identify.resolver';
import { LayoutFieldsResolver } from './resolvers/layout-fields.resolver';
import { LayoutsResolver } from './resolvers/layouts.resolver';
import { LeanMercuriusDriver } from './lean-mercurius.driver';

const logger = new Logger('GraphQL');

// GraphQL over the same services as REST (RegistryModule is global): the resolvers only map.
@Module({
  imports: [
    GraphQLModule.forRootAsync<MercuriusDriverConfig>({
      driver: LeanMercuriusDriver,
      inject: [APP_CONFIG, LayoutQueries, CompatibilityService, CLIENT_BUCKETS],
      useFactory: (config: AppConfig, queries: LayoutQueries, compat: CompatibilityService, buckets: TokenBuckets) =>
        graphqlOptions({
          config,
          queries,
          compat,
          buckets,
          logError: (err) => logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err)),
        }),
    }),
  ],
  providers: [
    GqlWriteGuard,
    LayoutHistory,
    LayoutsResolver,
    LayoutFieldsResolver,
    CompatResolver,
    EventsResolver,
    GovernanceResolver,
    HistoryResolver,
    IdentifyResolver,
  ],
})
export class GraphqlApiModule {}
