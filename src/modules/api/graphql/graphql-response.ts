import type { FastifyInstance, RouteOptions } from 'fastify';
import { GRAPHQL_PATH } from '../../auth/read-access';

interface GraphqlError {
  message: unknown;
  locations?: unknown;
  path?: unknown;
  extensions?: unknown;
}

interface GraphqlResponse {
  data?: unknown;
  errors?: GraphqlError[];
  extensions?: unknown;
}

// Mercurius declares a JSON schema for /graphql's 2xx answers, and Fastify serialises them
// with it. That schema types an error's `path` as a list of strings, so the index of a list
// item came out as "0" instead of 0: `["layouts","0","compatibility"]`. The GraphQL spec
// makes list indices integers, clients match errors to data by them, and graphql-ws (the
// same errors over WebSocket) already sent integers. So /graphql's 2xx answers are written by
// this function instead, in the layout the schema gave them (data, errors, extensions; an
// error's message, locations, path, extensions, `code` first among those; nothing else), with
// the path as it is.
export function serializeGraphqlResponse(response: GraphqlResponse): string {
  return JSON.stringify({
    data: response.data,
    errors: response.errors?.map((e) => ({ message: e.message, locations: e.locations, path: e.path, extensions: codeFirst(e.extensions) })),
    extensions: response.extensions,
  });
}

// The schema listed an extension's `code` first, before the others in their own order.
function codeFirst(extensions: unknown): unknown {
  if (extensions === null || typeof extensions !== 'object' || !('code' in extensions)) {
    return extensions;
  }
  return Object.assign({ code: undefined }, extensions); // `code` keeps the first place, with its value
}

export function writeGraphqlResponses(fastify: FastifyInstance): void {
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === GRAPHQL_PATH) {
      route.serializerCompiler = () => serializeGraphqlResponse as (data: unknown) => string;
    }
  });
}
