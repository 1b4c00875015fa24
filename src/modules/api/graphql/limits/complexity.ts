import type { Complexity, ComplexityEstimator } from '@nestjs/graphql';

// Query cost, estimated from the document before anything runs (query-complexity.rule.ts): a
// field costs 1 plus its selection; a list multiplies its selection by the length it is
// expected to have. The estimates are generous for today's registry (20 catalog layouts of
// ~170 fields): the matrix with every member of every layout's fields is estimated at ~95,000,
// the standard introspection query at ~50,000, so the limit admits either twice over while five
// aliased copies of the catalog walk, or of a 1000-event page with data, are refused.
export const MAX_QUERY_COMPLEXITY = 250_000;

// The standard introspection query (GraphiQL's) is 15 levels deep; the registry's own types nest
// at most 5 deep, so this refuses only introspection abuse. The cost limit does the real work.
export const QUERY_DEPTH_LIMIT = 15;

export const EXPECTED = {
  layouts: 50,
  fields: 200, // per layout; a 4 KiB vmcs12 has ~170 members
  reportItems: 150, // findings / moved / lost per report: 4.14 -> 4.17 moves 131 fields
  history: 50,
  aliases: 20,
  lineages: 30,
  events: 1000, // page size when `limit` is a variable: the worst case
} as const;

// Unlisted lists (introspection's) are assumed this long.
export const DEFAULT_LIST_LENGTH = 10;

export const listOf =
  (length: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    1 + length * Math.max(childComplexity, 1);

// A square of leaves, such as the matrix's verdicts.
export const gridOf = (side: number): Complexity => 1 + side * side;

// Work done by the resolver itself (a report compared, a blob converted, a layout parsed).
export const work =
  (cost: number): ComplexityEstimator =>
  ({ childComplexity }) =>
    cost + childComplexity;

// A page of events: `limit` elements, or the largest page when the limit is not known yet.
export const eventPage: ComplexityEstimator = ({ args, childComplexity }) => {
  const limit = typeof args.limit === 'number' ? args.limit : EXPECTED.events;
  return 1 + limit * Math.max(childComplexity, 1);
};

// The matrix answers a square of verdicts and one of conflicts: its side is the number of
// distinct names asked for, or the whole registry without a list (or with a variable).
export const matrixCost: ComplexityEstimator = ({ args, childComplexity }) => {
  const names = Array.isArray(args.names) ? new Set(args.names as unknown[]).size : EXPECTED.layouts;
  return 10 + 2 * names * names + childComplexity;
};

// A document is at most this long (large values such as C text or BTF go in variables), and
// selects at most this many fields, aliases and __typename included: the cost estimate alone
// would let 100,000 aliased __typename through, each nearly free but all parsed and answered.
export const MAX_DOCUMENT_BYTES = 64 * 1024;
export const MAX_FIELD_SELECTIONS = 2000;

// Documents graphql-jit may compile (graphql-options.ts): at most this many field selections.
// Compiling costs about 50 us per selection on this machine (a 600-selection document 32 ms,
// the introspection query 20 ms), in one piece on the event loop, against a few ms to
// validate it: a client sending distinct large documents twice each would make every one of
// them cost several times more than it did without the compiler. The queries worth compiling,
// those a client repeats, are small; larger ones stay on graphql-js.
export const JIT_MAX_SELECTIONS = 100;
