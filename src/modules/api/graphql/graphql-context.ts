import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RequestLoaders } from './loaders/request-loaders';

// What every resolver sees: the HTTP request (for the write rules and event metadata) and this
// request's loaders. The actor is set by GqlWriteGuard, as WriteGuard does for REST.
export interface GraphqlContext {
  req: FastifyRequest & { actor?: string };
  reply?: FastifyReply;
  loaders: RequestLoaders;
}
