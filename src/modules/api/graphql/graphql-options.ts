import type { MercuriusDriverConfig } from '@nestjs/mercurius';
import { MercuriusDriver } from '@nestjs/mercurius';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DocumentNode } from 'graphql';
import type { AppConfig } from '../../../infra/config/env';
import type { CompatibilityService } from '../../compat/compatibility.service';
import type { LayoutQueries } from '../../registry/layout-queries.service';
import { formatGraphqlErrors } from './errors/graphql-error.formatter';
import type { GraphqlContext } from './graphql-context';
import { graphqlRouteOptions, requireDocument } from './graphql-http';
import { JIT_MAX_SELECTIONS, MAX_FIELD_SELECTIONS, MAX_QUERY_COMPLEXITY, QUERY_DEPTH_LIMIT } from './limits/complexity';
import { fieldCountRule, queryComplexityRule, selectionsOf } from './limits/query-complexity.rule';
import { createRequestLoaders } from './loaders/request-loaders';
import { chargeDocumentWork } from './limits/document-work';
import type { TokenBuckets } from '../../limits/token-buckets';
import { plainQueries } from './resolvers/plain-queries';
import { refuseHttpSubscription, validateSubscription } from './subscriptions/subscription-documents';

// graphql-jit for a query text seen JIT_MIN_COUNT times, compiled on a later turn of the event
// loop rather than by the request that crossed the count. Mercurius's other mode (`jit: n`)
// compiles inside the n-th request and skips graphql-js's variable checks for it alone, so that
// one request answered a wrong-typed variable with graphql-jit's message; in this mode every
// request's variables are checked by graphql-js before either executor runs, and a query
// graphql-jit cannot compile stays on graphql-js. eluThreshold 1: compile even when the loop is
// saturated, which is exactly when it pays (the load bench never drops below 0.8 otherwise).
// The compile is bounded: documents are capped, validated and costed before they are cached.
// Documents above JIT_MAX_SELECTIONS are never compiled (complexity.ts says why).
const JIT_MIN_COUNT = 2;
const GRAPHQL_JIT = { minCount: JIT_MIN_COUNT, eluThreshold: 1 };

// Mercurius compiles only documents no preExecution hook has replaced, and executes a replaced
// one with graphql-js: handing the same document back as the replacement is its way of saying
// "interpret this one". A document the count never saw (none should reach here) counts as large.
export function interpretLargeDocuments(_schema: unknown, document: DocumentNode): { document: DocumentNode } | undefined {
  const selections = selectionsOf(document);
  return selections === undefined || selections > JIT_MAX_SELECTIONS ? { document } : undefined;
}

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
    driver: MercuriusDriver,
    path: '/graphql',
    autoSchemaFile: true,
    resolvers: { Query: plainQueries(compat) },
    sortSchema: true,
    graphiql: config.graphiql,
    queryDepth: QUERY_DEPTH_LIMIT,
    jit: GRAPHQL_JIT,
    validationRules: [fieldCountRule(MAX_FIELD_SELECTIONS), queryComplexityRule(MAX_QUERY_COMPLEXITY)],
    context: (req: FastifyRequest, reply: FastifyReply): GraphqlContext => ({ req, reply, loaders: createRequestLoaders(queries) }),
    // graphql-ws's protocol (graphql-transport-ws) and the older subscriptions-transport-ws one.
    subscription: {
      context: (_socket: unknown, req: FastifyRequest): GraphqlContext => ({ req, loaders: createRequestLoaders(queries) }),
    },
    errorFormatter: (execution) => formatGraphqlErrors(execution, logError),
    additionalRouteOptions: graphqlRouteOptions(logError),
    hooks: {
      preValidation: [requireDocument, refuseHttpSubscription, chargeDocumentWork(buckets)],
      preExecution: [interpretLargeDocuments],
      preSubscriptionExecution: validateSubscription([queryComplexityRule(MAX_QUERY_COMPLEXITY)]),
    },
  };
}
