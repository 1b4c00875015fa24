import { GraphQLError } from 'graphql';
import type { ExecutionResult, FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { CoreError } from '../../../../core/errors';
import { assertNever } from '../../../../core/errors';
import { mapCoreError } from '../../errors/error-status';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../../../health/database-unavailable';
import { DocumentWorkRefused } from '../limits/document-work';
import { AccessDeniedError } from './access-denied.error';

// Every error leaving /graphql carries extensions.code. Domain errors carry what REST's body
// carries: `error` (REST's kind) and the details (line/column of a C parse error, the findings of
// a policy refusal, the byte offset of a bad blob). Anything unexpected is logged and answered
// without internals.
export type ErrorClass =
  | { kind: 'core'; error: CoreError }
  | { kind: 'access'; error: AccessDeniedError }
  | { kind: 'syntax' } // the document does not parse
  | { kind: 'validation'; extensions: Record<string, unknown> } // the document does not fit the schema, or a limit refused it
  | { kind: 'depth' }
  | { kind: 'request'; status: number } // the HTTP request itself is malformed
  | { kind: 'rate'; retryAfterSeconds: number } // a new large document over the client's rate limit
  | { kind: 'unavailable' } // the database is not there right now: REST's 503
  | { kind: 'internal' };

export function extensionsFor(c: ErrorClass): Record<string, unknown> {
  switch (c.kind) {
    case 'core': {
      const m = mapCoreError(c.error.code);
      return { ...c.error.details, code: m.graphqlCode, error: m.error };
    }
    case 'access':
      return c.error.status === 401 ? { code: 'UNAUTHENTICATED', error: 'unauthorized' } : { code: 'FORBIDDEN', error: 'forbidden' };
    case 'syntax':
      return { code: 'GRAPHQL_PARSE_FAILED' };
    case 'validation':
      return { code: 'GRAPHQL_VALIDATION_FAILED', ...c.extensions };
    case 'depth':
      return { code: 'QUERY_TOO_DEEP' };
    case 'request':
      return { code: 'BAD_REQUEST' };
    case 'rate':
      return { code: 'RATE_LIMITED', error: 'rate_limited', retryAfterSeconds: c.retryAfterSeconds };
    case 'unavailable':
      return { code: 'SERVICE_UNAVAILABLE', error: DATABASE_UNAVAILABLE.error, retryAfterSeconds: 1 };
    case 'internal':
      return { code: 'INTERNAL_SERVER_ERROR' };
    default:
      return assertNever(c, 'error class');
  }
}

// Errors raised before execution (parse, validation, limits) arrive wrapped in mercurius's
// MER_ERR_GQL_VALIDATION with the real ones in `errors`; execution errors wrap what a resolver
// threw as `originalError`.
export function classify(err: unknown, wrapperStatus?: number): ErrorClass {
  const original = err instanceof GraphQLError ? err.originalError : err;
  if (original instanceof CoreError) {
    return { kind: 'core', error: original };
  }
  if (original instanceof AccessDeniedError) {
    return { kind: 'access', error: original };
  }
  if (original instanceof DocumentWorkRefused) {
    return { kind: 'rate', retryAfterSeconds: original.retryAfterSeconds };
  }
  if (err instanceof GraphQLError && (original === undefined || original instanceof GraphQLError)) {
    if (err.message.startsWith('Syntax Error')) {
      return { kind: 'syntax' };
    }
    // Without a path it is about the document or its variables; with one it was raised while
    // executing (a null for a non-null field, a value no enum holds): our fault.
    return err.path === undefined ? { kind: 'validation', extensions: { ...err.extensions } } : { kind: 'internal' };
  }
  if (isDatabaseUnavailable(original)) {
    return { kind: 'unavailable' };
  }
  const fastify = original as { code?: unknown; statusCode?: unknown } | undefined;
  if (fastify?.code === 'MER_ERR_GQL_QUERY_DEPTH') {
    return { kind: 'depth' };
  }
  const status = typeof fastify?.statusCode === 'number' ? fastify.statusCode : wrapperStatus;
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'request', status };
  }
  return { kind: 'internal' };
}

// Mercurius wraps what it refuses before execution in one error listing the real ones; those
// keep the wrapper's status (a plain Error in a 405 is still a 405).
interface Flattened {
  error: unknown;
  status?: number;
}

function flatten(errors: readonly GraphQLError[]): Flattened[] {
  return errors.flatMap((e): Flattened[] => {
    const wrapper = e.originalError as { errors?: unknown; statusCode?: unknown } | undefined;
    const status = typeof wrapper?.statusCode === 'number' ? wrapper.statusCode : undefined;
    return Array.isArray(wrapper?.errors) ? (wrapper.errors as unknown[]).map((error) => ({ error, status })) : [{ error: e }];
  });
}

// The HTTP status an error alone would ask for: 4xx when the request was refused before it ran.
function statusOf(c: ErrorClass): number {
  switch (c.kind) {
    case 'request':
      return c.status;
    case 'rate':
      return 429;
    case 'syntax':
    case 'validation':
    case 'depth':
      return 400;
    default:
      return 200;
  }
}

function format(err: unknown, wrapperStatus: number | undefined, log: (err: unknown) => void): { formatted: GraphQLFormattedError; status: number } {
  const c = classify(err, wrapperStatus);
  const base = err instanceof GraphQLError ? err.toJSON() : { message: err instanceof Error ? err.message : String(err) };
  if (c.kind === 'internal') {
    log(err);
  }
  const message = c.kind === 'internal' ? 'internal error' : c.kind === 'unavailable' ? DATABASE_UNAVAILABLE.message : base.message;
  return { formatted: { ...base, message, extensions: extensionsFor(c) }, status: statusOf(c) };
}

// Request errors (nothing executed) answer 4xx like mercurius does; execution errors answer 200
// with data, as GraphQL over HTTP asks, and the REST status is implied by extensions.code.
export function formatGraphqlErrors(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  log: (err: unknown) => void,
): { statusCode: number; response: FormattedExecutionResult } {
  const results = flatten(execution.errors).map((e) => format(e.error, e.status, log));
  const executed = execution.data !== undefined && execution.data !== null;
  const status = executed ? 200 : Math.max(200, ...results.map((r) => r.status));
  return { statusCode: status, response: { data: execution.data ?? null, errors: results.map((r) => r.formatted) } };
}
