import { GraphQLError, Location } from 'graphql';
import type { DocumentNode } from 'graphql';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { formatGraphqlErrors } from './errors/graphql-error.formatter';

// Route options for mercurius's /graphql routes (GET, POST and the WebSocket upgrade). Errors
// raised before execution (a body that is not JSON, parse and validation errors, the limits)
// leave through Fastify's error handler: a route-level one, so they are GraphQL errors too
// rather than falling through to the REST exception layer.
export function graphqlRouteOptions(log: (err: unknown) => void): Pick<RouteOptions, 'errorHandler'> {
  return {
    errorHandler: (error: Error, _request: FastifyRequest, reply: FastifyReply) => {
      const gql = error instanceof GraphQLError ? error : new GraphQLError(error.message, { originalError: error });
      const { statusCode, response } = formatGraphqlErrors({ errors: [gql] }, log);
      // Nothing ran: an error that is not the client's is the server's.
      void reply.code(statusCode >= 400 ? statusCode : 500).send(response);
    },
  };
}

// Mercurius takes a `query` that is not a string, or text that fails to parse but is JSON
// ("1e3", "[]", {"kind": "Document"}), as a ready-made AST and hands it to graphql-js, whose
// assertions then fail as server errors. Over HTTP a query is the text of a document; a
// document parsed from text carries its location, one decoded from JSON cannot.
export async function requireDocument(_schema: unknown, document: DocumentNode): Promise<void> {
  if (!((document as { loc?: unknown } | null)?.loc instanceof Location)) {
    throw Object.assign(new Error('query must be the text of a GraphQL document'), { statusCode: 400 });
  }
}
