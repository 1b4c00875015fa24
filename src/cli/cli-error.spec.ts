import { CoreError, type CoreErrorCode } from '../core/errors';
import { CliError, errorDocument, exitCodeOf, fileError, fromCoreError, kindOfCoreError, type CliErrorKind } from './cli-error';
import { EXIT_ERROR, EXIT_REFUSED, type ExitCode } from './exit-codes';

// Records over the whole unions: a new core code or CLI kind does not compile until the tables
// below say how it exits. A refusal (judged and said no) is 1; not being able to judge is 2.
const CORE_EXITS: Record<CoreErrorCode, ExitCode> = {
  PARSE_ERROR: EXIT_ERROR,
  INVALID_LAYOUT: EXIT_ERROR,
  INVALID_INPUT: EXIT_ERROR,
  INVALID_BTF: EXIT_ERROR,
  INVALID_BLOB: EXIT_ERROR,
  LOSSY_CONVERSION: EXIT_REFUSED,
  IDEMPOTENCY_KEY_REUSED: EXIT_REFUSED,
  NOT_FOUND: EXIT_ERROR,
  CONFLICT: EXIT_REFUSED,
  POLICY_VIOLATION: EXIT_REFUSED,
  AMBIGUOUS_SOURCE: EXIT_ERROR, // the CLI cannot judge without a source name
  UNKNOWN_SOURCE: EXIT_ERROR,
  CONTENDED: EXIT_ERROR, // the service was too busy to judge
};
const REFUSALS: readonly CliErrorKind[] = ['refused', 'lossy_conversion', 'policy_violation', 'conflict'];

describe('CLI error mapping', () => {
  it.each(Object.entries(CORE_EXITS))('%s exits %d, at the top level and in a file', (code, exit) => {
    const e = new CoreError(code as CoreErrorCode, 'x', { line: 3, column: 4 });
    expect([fromCoreError(e).exitCode, fileError('f.h', e).exitCode, exitCodeOf(kindOfCoreError(code as CoreErrorCode))]).toEqual([exit, exit, exit]);
  });

  it('exits 1 for every refusal and only for those', () => {
    for (const kind of REFUSALS) {
      expect(exitCodeOf(kind)).toBe(EXIT_REFUSED);
    }
    expect(exitCodeOf('usage')).toBe(EXIT_ERROR);
  });

  it('writes {error, message, exitCode, file, line, column} with any details', () => {
    const doc = errorDocument(fileError('f.h', new CoreError('PARSE_ERROR', 'bad (line 3, column 4)', { line: 3, column: 4 })));
    expect(doc).toEqual({ error: 'parse_error', message: 'f.h:3:4: parse error: bad', exitCode: 2, file: 'f.h', line: 3, column: 4 });
    expect(errorDocument(new CliError('no', 'refused', { details: { status: 401 } }))).toEqual({ status: 401, error: 'refused', message: 'no', exitCode: 1 });
  });
});
