import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { GraphQLError, getOperationAST, specifiedRules, validate } from 'graphql';
import type { DocumentNode, GraphQLSchema, ValidationRule } from 'graphql';
import type { RawData, WebSocket } from 'ws';

export const USE_WEBSOCKET =
  'subscriptions run over a WebSocket: connect to /graphql with graphql-ws (protocol graphql-transport-ws) and send this document there';

// HTTP (mercurius preValidation): a subscription has no request/response form. Refused with 400
// instead of running it as a query that answers once and never again.
export async function refuseHttpSubscription(_schema: GraphQLSchema, document: DocumentNode, context: { reply?: { request?: FastifyRequest } }): Promise<void> {
  const request = context.reply?.request;
  const params = (request?.method === 'GET' ? request.query : request?.body) as { operationName?: unknown } | undefined;
  const name = typeof params?.operationName === 'string' ? params.operationName : undefined;
  if (getOperationAST(document, name)?.operation === 'subscription') {
    throw Object.assign(new Error(USE_WEBSOCKET), { statusCode: 400 });
  }
}

// WebSocket (mercurius preSubscriptionExecution): mercurius hands a subscription document to
// graphql-js's subscribe() unvalidated, so a misspelled field was silently dropped and every
// event arrived as an empty object. Validated here with the rules queries get over HTTP.
export function validateSubscription(rules: readonly ValidationRule[]) {
  return async (schema: GraphQLSchema, document: DocumentNode): Promise<void> => {
    const errors = validate(schema, document, [...specifiedRules, ...rules]);
    const first = errors[0];
    if (first) {
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more: ${errors.slice(1).map((e) => e.message).join('; ')})` : '';
      throw new GraphQLError(`${first.message}${more}`, { nodes: first.nodes, extensions: { ...first.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } });
    }
  };
}

type WsHandler = (this: unknown, socket: WebSocket, request: FastifyRequest) => unknown;

// WebSocket: mercurius takes a `query` that is not a string as a ready-made AST and its
// assertions fail with TypeErrors that reach the client ("undefined is not iterable"). A query
// is the text of a document: anything else is refused before mercurius sees the message.
export function requireWsDocumentText(fastify: FastifyInstance, path: string): void {
  fastify.addHook('onRoute', (route: RouteOptions & { wsHandler?: WsHandler }) => {
    if (route.url !== path || typeof route.wsHandler !== 'function') {
      return;
    }
    const inner = route.wsHandler;
    route.wsHandler = function withDocumentText(this: unknown, socket: WebSocket, request: FastifyRequest): unknown {
      const emit = socket.emit.bind(socket) as (event: string | symbol, ...args: unknown[]) => boolean;
      socket.emit = ((event: string | symbol, ...args: unknown[]) => {
        if (event === 'message' && refuseNonText(socket, args[0] as RawData)) {
          return true;
        }
        return emit(event, ...args);
      }) as WebSocket['emit'];
      return inner.call(this, socket, request);
    };
  });
}

function refuseNonText(socket: WebSocket, data: RawData): boolean {
  let message: { type?: unknown; id?: unknown; payload?: { query?: unknown } | null };
  try {
    message = JSON.parse(data.toString()) as typeof message;
  } catch {
    return false; // mercurius answers what is not JSON
  }
  if ((message?.type !== 'subscribe' && message?.type !== 'start') || typeof message.payload?.query === 'string') {
    return false;
  }
  const error = { message: 'payload.query must be the text of a GraphQL document', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
  // graphql-transport-ws sends a list of errors; the older subscriptions-transport-ws one error.
  const payload = socket.protocol === 'graphql-transport-ws' ? [error] : error;
  socket.send(JSON.stringify({ type: 'error', id: message.id, payload }));
  return true;
}
