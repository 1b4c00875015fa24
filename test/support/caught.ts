import { CoreError } from '../../src/core/errors';

// The CoreError a call throws, so a test can assert its code and details; any other outcome
// (no error, another error type) fails the test.
export function caught(fn: () => unknown): CoreError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CoreError) {
      return err;
    }
    throw err;
  }
  throw new Error('expected a CoreError');
}
