import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LayoutQueries } from '../../registry/layout-queries.service';
import type { GraphqlContext } from './graphql-context';
import { createRequestLoaders } from './loaders/request-loaders';
import type { RequestLoaders } from './loaders/request-loaders';

// The context of one GraphQL request over HTTP. Mercurius adds its own fields to the object the
// context function returns, in four Object.assign calls per request (the app, the pub/sub, the
// query text, the errors, its hook lists). Declared here in advance, every context has one
// shape from the start: the assigns overwrite fields instead of growing a fresh object through
// a dozen hidden-class transitions, and mercurius's reads of them stay monomorphic. Nothing
// here is read by this service except req, reply and loaders.
export class HttpGraphqlContext implements GraphqlContext {
  readonly loaders: RequestLoaders;
  app: unknown = undefined;
  pubsub: unknown = undefined;
  __currentQuery: unknown = undefined;
  errors: unknown = null;
  preParsing: unknown = null;
  preValidation: unknown = null;
  preExecution: unknown = null;
  onResolution: unknown = null;
  preSubscriptionParsing: unknown = null;
  preSubscriptionExecution: unknown = null;
  onSubscriptionResolution: unknown = null;
  onSubscriptionEnd: unknown = null;
  onSubscriptionConnectionClose: unknown = null;
  onSubscriptionConnectionError: unknown = null;

  constructor(
    readonly req: FastifyRequest & { actor?: string },
    readonly reply: FastifyReply,
    queries: LayoutQueries,
  ) {
    this.loaders = createRequestLoaders(queries);
  }
}
