import type { FastifyInstance } from 'fastify';

// The hooks mercurius runs for each operation (preParsing, preExecution, onResolution...), as it
// keeps them on `fastify.graphql` under a symbol of its own (mercurius/lib/symbols.js, not
// exported): what a test reads to see which hooks the service's GraphQL requests pay for.
export function mercuriusHooks(fastify: FastifyInstance): Record<string, unknown[]> {
  const graphql = (fastify as unknown as { graphql: Record<symbol, Record<string, unknown[]>> }).graphql;
  const key = Object.getOwnPropertySymbols(graphql).find((s) => s.description === 'mercurius.hooks');
  if (key === undefined) {
    throw new Error('mercurius keeps no hooks under Symbol(mercurius.hooks) any more: the tests that count hooks need a new way to read them');
  }
  return graphql[key] as Record<string, unknown[]>;
}
