import type { CoreError } from '../core/errors';
import { EXIT_ERROR, EXIT_REFUSED, type ExitCode } from './exit-codes';

export interface CliLocation {
  file: string;
  line?: number;
  column?: number;
}

// An error the CLI reports as one message on stderr and an exit code; `location` lets the
// github format turn it into an annotation.
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT_ERROR,
    readonly location?: CliLocation,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

// Bad flags or arguments: the message is followed by a pointer to --help.
export class UsageError extends CliError {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message, EXIT_ERROR);
    this.name = 'UsageError';
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
  return new CliError(`${where}: ${kind}: ${stripLocation(e.message)}`, EXIT_ERROR, { file, line, column });
}

// Core errors that reach the top level without a file to name.
export function fromCoreError(e: CoreError): CliError {
  if (e.code === 'INVALID_BLOB') {
    const d = e.details;
    // a revision mismatch names both ids; a length mismatch already says both sizes
    const ids = typeof d.expected === 'string' ? ` (expected ${d.expected}, got ${String(d.actual)})` : '';
    return new CliError(`invalid input blob at byte offset ${String(d.offset)}: ${e.message}${ids}`, EXIT_ERROR);
  }
  if (e.code === 'LOSSY_CONVERSION') {
    return new CliError(e.message, EXIT_REFUSED);
  }
  return new CliError(stripLocation(e.message), EXIT_ERROR);
}
