import type { CoreError, CoreErrorCode } from '../core/errors';
import { assertNever } from '../core/errors';
import { EXIT_ERROR, EXIT_REFUSED, type ExitCode } from './exit-codes';

export interface CliLocation {
  file: string;
  line?: number;
  column?: number;
}

// What went wrong, as `error` in a --format json error document. A refusal (the input was
// judged and said no to) exits 1; anything that kept the CLI from judging exits 2.
export type CliErrorKind =
  | 'usage' // bad flags or arguments
  | 'file' // a file that cannot be read
  | 'parse_error' // C text
  | 'invalid_layout' // a layout that breaks a rule (overlap, past its size)
  | 'invalid_input' // any other input the core refuses (a bad --revision)
  | 'invalid_btf' // a kernel module or BTF blob that cannot be read
  | 'invalid_blob' // a blob of the wrong size or revision
  | 'ambiguous_source' // --from auto: layouts that could have written the blob convert it differently
  | 'unknown_source' // --from auto: no registered layout explains the blob
  | 'not_found' // no layout by that name
  | 'unreachable' // the service did not answer
  | 'server_error' // the service answered 5xx, or something it should not have
  | 'request_failed' // the service refused a read (a 4xx other than 404: a token it wants)
  | 'refused' // the service judged the request and said no (a 4xx to a write)
  | 'lossy_conversion' // --strict and a value would be lost
  | 'policy_violation' // the registration gate refused the layout
  | 'conflict' // the name is taken with other content
  | 'internal'; // a bug of ours

export function exitCodeOf(kind: CliErrorKind): ExitCode {
  switch (kind) {
    case 'refused':
    case 'lossy_conversion':
    case 'policy_violation':
    case 'conflict':
      return EXIT_REFUSED;
    case 'usage':
    case 'file':
    case 'parse_error':
    case 'invalid_layout':
    case 'invalid_input':
    case 'invalid_btf':
    case 'invalid_blob':
    case 'ambiguous_source':
    case 'unknown_source':
    case 'not_found':
    case 'unreachable':
    case 'server_error':
    case 'request_failed':
    case 'internal':
      return EXIT_ERROR;
    default:
      return assertNever(kind, 'CLI error kind');
  }
}

export interface CliErrorOptions {
  location?: CliLocation;
  details?: Record<string, unknown>; // more members of the JSON error document
}

// An error the CLI reports as one message on stderr (and, with --format json, one JSON
// document on stdout) and the exit code its kind says; `location` lets the github format turn
// it into an annotation.
export class CliError extends Error {
  readonly exitCode: ExitCode;
  readonly location?: CliLocation;
  readonly details: Record<string, unknown>;

  constructor(
    message: string,
    readonly kind: CliErrorKind,
    options: CliErrorOptions = {},
  ) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCodeOf(kind);
    this.location = options.location;
    this.details = options.details ?? {};
  }
}

// Bad flags or arguments: the message is followed by a pointer to --help.
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message, 'usage');
    this.name = 'UsageError';
  }
}

// Every core error code as the CLI reports it.
export function kindOfCoreError(code: CoreErrorCode): CliErrorKind {
  switch (code) {
    case 'PARSE_ERROR':
      return 'parse_error';
    case 'INVALID_LAYOUT':
      return 'invalid_layout';
    case 'INVALID_INPUT':
      return 'invalid_input';
    case 'INVALID_BTF':
      return 'invalid_btf';
    case 'INVALID_BLOB':
      return 'invalid_blob';
    case 'LOSSY_CONVERSION':
      return 'lossy_conversion';
    case 'IDEMPOTENCY_KEY_REUSED':
      return 'refused';
    case 'NOT_FOUND':
      return 'not_found';
    case 'CONFLICT':
      return 'conflict';
    case 'POLICY_VIOLATION':
      return 'policy_violation';
    case 'AMBIGUOUS_SOURCE':
      return 'ambiguous_source';
    case 'UNKNOWN_SOURCE':
      return 'unknown_source';
    case 'CONTENDED':
      return 'server_error'; // the service could not take it now: not a judgement
    default:
      return assertNever(code, 'error code');
  }
}

// The core puts "(line L, column C)" at the end of parse messages; the CLI says `file:L:C:`
// in front instead, as compilers do.
export function stripLocation(message: string): string {
  return message.replace(/ \(line \d+, column \d+\)$/, '');
}

// A core error raised while reading `file`, with the position it names.
export function fileError(file: string, e: CoreError): CliError {
  const line = typeof e.details.line === 'number' ? e.details.line : undefined;
  const column = typeof e.details.column === 'number' ? e.details.column : undefined;
  const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
  const kind = e.code === 'PARSE_ERROR' ? 'parse error' : 'error';
  return new CliError(`${where}: ${kind}: ${stripLocation(e.message)}`, kindOfCoreError(e.code), { location: { file, line, column } });
}

// Core errors that reach the top level without a file to name.
export function fromCoreError(e: CoreError): CliError {
  if (e.code === 'INVALID_BLOB') {
    const d = e.details;
    // a revision mismatch names both ids; a length mismatch already says both sizes
    const ids = typeof d.expected === 'string' ? ` (expected ${d.expected}, got ${String(d.actual)})` : '';
    return new CliError(`invalid input blob at byte offset ${String(d.offset)}: ${e.message}${ids}`, 'invalid_blob', { details: { offset: d.offset } });
  }
  return new CliError(stripLocation(e.message), kindOfCoreError(e.code));
}

// --format json: every outcome is one JSON document on stdout; for an error this one.
export function errorDocument(err: CliError): Record<string, unknown> {
  const at = err.location;
  return {
    ...err.details,
    error: err.kind,
    message: err.message,
    exitCode: err.exitCode,
    ...(at ? { file: at.file, ...(at.line === undefined ? {} : { line: at.line, column: at.column ?? 1 }) } : {}),
  };
}
