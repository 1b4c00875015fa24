import { CoreError } from '../errors';
import type { SourceLocation } from './layout';

// Every C syntax problem is a 400 that points at the offending token, 1-based.
export function parseError(message: string, at: SourceLocation, extra: Record<string, unknown> = {}): CoreError {
  return new CoreError('PARSE_ERROR', `${message} (line ${at.line}, column ${at.column})`, {
    line: at.line,
    column: at.column,
    ...extra,
  });
}
