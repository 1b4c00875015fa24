import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../../../infra/config/env';
import type { CompatibilityService } from '../../compat/compatibility.service';
import type { LayoutQueries } from '../../registry/layout-queries.service';
import { formatGraphqlErrors } from './errors/graphql-error.formatter';
import type { GraphqlContext } from './graphql-context';
import { graphqlRouteOptions, requireDocument } from './graphql-http';
import { MAX_FIELD_SELECTIONS, MAX_QUERY_COMPLEXITY, QUERY_DEPTH_LIMIT } from './limits/complexity';
import { fieldCountRule, queryComplexityRule } from './limits/query-complexity.rule';
import { HttpGraphqlContext } from './http-context';
import { MERCURIUS_CSRF_PREVENTION } from './idle-csrf-hook';
import { GRAPHQL_JIT, jitGate } from './jit';
import { createRequestLoaders } from './loaders/request-loaders';
import { chargeDocumentWork } from './limits/document-work';
import type { TokenBuckets } from '../../limits/token-buckets';
import { plainQueries } from './resolvers/plain-queries';
import { LeanMercuriusDriver } from './lean-mercurius.driver';
import { dropPropertyReadResolvers } from './property-fields';
import { refuseHttpSubscription, validateSubscription } from './subscriptions/subscription-documents';

export interface GraphqlDeps {
  config: AppConfig;
  queries: LayoutQueries;
  compat: CompatibilityService;
  buckets: TokenBuckets;
  logError: (err: unknown) => void;
}

// /graphql on the service's own Fastify server. The schema is built in memory (sorted, as
// schema.gql holds it): writing it at boot would need a writable package directory in
// production, and would rewrite the committed file under the drift test's feet.
export function graphqlOptions({ config, queries, compat, buckets, logError }: GraphqlDeps): MercuriusDriverConfig {
  return {
    driver: LeanMercuriusDriver,
    path: '/graphql',
    autoSchemaFile: true,
    resolvers: { Query: plainQueries(compat) },
    sortSchema: true,
    transformSchema: dropPropertyReadResolvers,
    graphiql: config.graphiql,
    queryDepth: QUERY_DEPTH_LIMIT,
    jit: GRAPHQL_JIT,
    csrfPrevention: MERCURIUS_CSRF_PREVENTION, // edge/cross-site.ts protects every route; see idle-csrf-hook.ts
    validationRules: [fieldCountRule(MAX_FIELD_SELECTIONS), queryComplexityRule(MAX_QUERY_COMPLEXITY)],
    context: (req: FastifyRequest, reply: FastifyReply): GraphqlContext => new HttpGraphqlContext(req, reply, queries),
    // graphql-ws's protocol (graphql-transport-ws) and the older subscriptions-transport-ws one.
    subscription: {
      context: (_socket: unknown, req: FastifyRequest): GraphqlContext => ({ req, loaders: createRequestLoaders(queries) }),
    },
    errorFormatter: (execution) => formatGraphqlErrors(execution, logError),
    additionalRouteOptions: graphqlRouteOptions(logError),
    hooks: {
      preValidation: [requireDocument, refuseHttpSubscription, chargeDocumentWork(buckets)],
      preExecution: [jitGate],
      preSubscriptionExecution: validateSubscription([queryComplexityRule(MAX_QUERY_COMPLEXITY)]),
    },
  };
}
