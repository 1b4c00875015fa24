import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { GRAPHQL_PATH } from '../auth/read-access';
import { MAX_DOCUMENT_BYTES } from '../api/graphql/limits/complexity';
import { appendRouteHook, methodsOf } from './route-hooks';

// A GraphQL document longer than MAX_DOCUMENT_BYTES is refused before mercurius parses it
// (parsing and validating a megabyte of aliases is the attack): 413 in the GraphQL shape.
// Variables are not counted: C text and BTF belong there, under the body limit.
export function boundGraphqlDocuments(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== GRAPHQL_PATH || methodsOf(route).every((m) => m === 'HEAD')) {
      return;
    }
    // A callback hook, not an async one: every GraphQL request passes it, and an async hook
    // costs a promise and a microtask turn each. In preHandler, which every route runs anyway
    // (the handler deadline's hook), rather than preValidation, which this hook alone would
    // make /graphql's requests run: one stage of hooks fewer. Still before mercurius parses
    // anything (its handler); Fastify's schema check before it only reads the body's types.
    route.preHandler = appendRouteHook(route.preHandler as never, (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
      const source = request.method === 'GET' ? request.query : request.body;
      const query = (source as { query?: unknown } | null | undefined)?.query;
      if (typeof query !== 'string' || query.length <= MAX_DOCUMENT_BYTES / 3 || Buffer.byteLength(query) <= MAX_DOCUMENT_BYTES) {
        done();
        return;
      }
      const message = `the GraphQL document is ${Buffer.byteLength(query)} bytes; the limit is ${MAX_DOCUMENT_BYTES}: pass large values as variables`;
      void reply
        .code(413)
        .header('content-type', 'application/json; charset=utf-8')
        .send({ data: null, errors: [{ message, extensions: { code: 'QUERY_TOO_LARGE', limit: MAX_DOCUMENT_BYTES } }] });
    }) as never;
  });
}
