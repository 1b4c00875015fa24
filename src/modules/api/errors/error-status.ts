import type { CoreErrorCode } from '../../../core/errors';
import { assertNever } from '../../../core/errors';

// One exhaustive mapping from core error codes to transports: a new code does not compile
// until it has an HTTP status and a GraphQL code.
export interface ErrorMapping {
  status: number;
  error: string; // the `error` kind in REST bodies
  graphqlCode: string;
}

export function mapCoreError(code: CoreErrorCode): ErrorMapping {
  switch (code) {
    case 'PARSE_ERROR':
      return { status: 400, error: 'parse_error', graphqlCode: 'BAD_USER_INPUT' };
    case 'INVALID_LAYOUT':
      return { status: 400, error: 'invalid_layout', graphqlCode: 'BAD_USER_INPUT' };
    case 'INVALID_INPUT':
      return { status: 400, error: 'invalid_input', graphqlCode: 'BAD_USER_INPUT' };
    case 'INVALID_BTF':
      return { status: 400, error: 'invalid_btf', graphqlCode: 'BAD_USER_INPUT' };
    case 'INVALID_BLOB':
      return { status: 422, error: 'invalid_blob', graphqlCode: 'BAD_USER_INPUT' };
    case 'LOSSY_CONVERSION':
      return { status: 422, error: 'lossy_conversion', graphqlCode: 'BAD_USER_INPUT' };
    case 'IDEMPOTENCY_KEY_REUSED':
      return { status: 422, error: 'idempotency_key_reused', graphqlCode: 'BAD_USER_INPUT' };
    case 'NOT_FOUND':
      return { status: 404, error: 'not_found', graphqlCode: 'NOT_FOUND' };
    case 'CONFLICT':
      return { status: 409, error: 'conflict', graphqlCode: 'CONFLICT' };
    case 'POLICY_VIOLATION':
      return { status: 409, error: 'policy_violation', graphqlCode: 'CONFLICT' };
    case 'AMBIGUOUS_SOURCE':
      return { status: 409, error: 'ambiguous_source', graphqlCode: 'CONFLICT' };
    case 'UNKNOWN_SOURCE':
      return { status: 422, error: 'unknown_source', graphqlCode: 'BAD_USER_INPUT' };
    case 'CONTENDED':
      return { status: 503, error: 'contended', graphqlCode: 'SERVICE_UNAVAILABLE' };
    default:
      return assertNever(code, 'error code');
  }
}
