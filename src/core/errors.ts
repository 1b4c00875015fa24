// The one error type of the pure core. Transports map `code` exhaustively to a status
// (src/modules/api/errors); `details` carries where the problem is: line/column for C text,
// byte offset for blobs, findings for policy refusals.
export type CoreErrorCode =
  | 'PARSE_ERROR' // C text: 400 with line, column
  | 'INVALID_LAYOUT' // layout content breaks a rule (overlap, past size, no header): 400
  | 'INVALID_INPUT' // request shape: 400
  | 'INVALID_BTF' // BTF or ELF input (kernel module, raw BTF, base): 400 naming input, byte offset, type id
  | 'INVALID_BLOB' // blob size / revision / container header: 422 with offset
  | 'LOSSY_CONVERSION' // strict conversion that would lose data: 422
  | 'IDEMPOTENCY_KEY_REUSED' // an Idempotency-Key sent again with another request: 422 naming the key
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // name taken with other content, stale expected version: 409
  | 'POLICY_VIOLATION' // registration gate refused the layout: 409 with findings
  | 'AMBIGUOUS_SOURCE' // auto conversion: plausible source layouts convert differently: 409 with candidates
  | 'UNKNOWN_SOURCE' // auto conversion: no registered layout explains the blob: 422 with the best reading
  | 'CONTENDED'; // appends kept losing the race for the log past the retry budget: 503, retry

export type CoreErrorDetails = Record<string, unknown>;

export class CoreError extends Error {
  constructor(
    readonly code: CoreErrorCode,
    message: string,
    readonly details: CoreErrorDetails = {},
  ) {
    super(message);
    this.name = 'CoreError';
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
