import type { FastifyReply } from 'fastify';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { buildExecutionContext } from 'graphql/execution/execute';
import { JIT_MAX_SELECTIONS } from './limits/complexity';
import { fieldSelections } from './limits/field-selections';

// graphql-jit compiles a query text the second time mercurius sees it (`jit: 1`), inside that
// request, and every later request with the text runs the compiled query.
//
// Why not mercurius's adaptive mode (compiling on a later turn of the event loop): it compiles
// only while event-loop utilisation is below its threshold, and a saturated loop measures
// exactly 1, so a service under full load, the one that needs it, never compiled (the CI
// bench's GraphQL row stayed at 0.42x /health/live).
//
// What this mode gets wrong, and jitGate puts right: on the request that compiles, mercurius
// skips graphql-js's check of the variables (buildExecutionContext), so a wrong-typed variable
// was answered with graphql-jit's message instead of graphql-js's. jitGate runs that same
// check on the first CHECKED_EXECUTIONS executions of each document, the compile among them
// (later ones are checked by mercurius), and throws what mercurius would have thrown.
// A document whose compiling request fails the check is never compiled: it stays on graphql-js.
export const GRAPHQL_JIT = 1;
const CHECKED_EXECUTIONS = 3;

const executions = new WeakMap<DocumentNode, number>();

// Mercurius's refusal of bad variables: its route answers 400 with these errors, and the
// GraphQL error formatter flattens any error that lists `errors` with a `statusCode` alike.
class VariablesRefused extends Error {
  readonly statusCode = 400;

  constructor(readonly errors: readonly Error[]) {
    super('Invalid variables');
  }
}

// A mercurius preExecution hook. Documents above JIT_MAX_SELECTIONS are handed back as
// "replaced", mercurius's one switch that keeps a document from the compiler (compiling costs
// ~50 us per selection, in one piece: complexity.ts).
export function jitGate(
  schema: GraphQLSchema,
  document: DocumentNode,
  context: { reply?: FastifyReply },
  variables: Record<string, unknown> | undefined,
): { document: DocumentNode } | undefined {
  if (fieldSelections(document) > JIT_MAX_SELECTIONS) {
    return { document };
  }
  const seen = executions.get(document) ?? 0;
  if (seen >= CHECKED_EXECUTIONS) {
    return undefined;
  }
  executions.set(document, seen + 1);
  if (variables !== undefined) {
    const context_ = buildExecutionContext({ schema, document, variableValues: variables, operationName: operationNameOf(context.reply) });
    if (Array.isArray(context_)) {
      throw new VariablesRefused(context_);
    }
  }
  return undefined;
}

function operationNameOf(reply: FastifyReply | undefined): string | undefined {
  const request = reply?.request;
  const source = (request?.method === 'GET' ? request.query : request?.body) as { operationName?: unknown } | null | undefined;
  return typeof source?.operationName === 'string' ? source.operationName : undefined;
}
