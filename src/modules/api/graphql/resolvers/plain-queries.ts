import type { ReportView } from '../../../../contract/views';
import type { CompatibilityService } from '../../../compat/compatibility.service';

// Root reads that answer from memory, resolved by a plain function instead of through Nest's
// per-call pipeline. Nest wraps every root resolver in guards, interceptors, pipes and an
// exception filter, as three nested async functions, even where none applies; for the
// compatibility query that wrapping was a fifth of the request's CPU (BENCHMARKS.md, issue 18).
// A field belongs here only if its resolver has no guard (it is a read, not a write), takes
// only @Args, and its class method calls the same function: the @Query method still declares
// the field (type, arguments, complexity, description) and is what schema.gql is built from,
// so the table can only change who calls the function, not what it answers.
// (graphql-options.ts hands this table to Nest as `resolvers`, which replace the generated ones.)
export interface PlainQueries {
  compatibility(root: unknown, args: { from: string; to: string }): ReportView | Promise<ReportView>;
}

// Marks the functions, so a test can tell them from Nest's wrappers in the served schema.
export const PLAIN_RESOLVER = Symbol('plain resolver');

export function plainQueries(compat: CompatibilityService): PlainQueries {
  const plain: PlainQueries = {
    compatibility: (_root, { from, to }) => compat.cachedReport(from, to) ?? compat.report(from, to),
  };
  Object.values(plain).forEach((fn: object) => Object.defineProperty(fn, PLAIN_RESOLVER, { value: true }));
  return plain;
}
