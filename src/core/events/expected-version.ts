import { CoreError } from '../errors';
import type { ExpectedVersion } from './event-store';

// Stream versions count from 1 (the first event of a stream has version 1); a stream that does
// not exist is at version 0, so an expectation of 0 and 'no-stream' mean the same thing.
export const NO_STREAM_VERSION = 0;

export function matchesExpectedVersion(expected: ExpectedVersion, actual: number): boolean {
  if (expected === 'any') {
    return true;
  }
  if (expected === 'no-stream') {
    return actual === NO_STREAM_VERSION;
  }
  return expected === actual;
}

// A stale expectation means another writer appended to the stream since the caller read it:
// the caller must reload and decide again (command-handler.ts does).
export function assertExpectedVersion(stream: string, expected: ExpectedVersion, actual: number): void {
  if (!matchesExpectedVersion(expected, actual)) {
    throw new CoreError('CONFLICT', `stream ${stream} is at version ${actual}, expected ${String(expected)}`, {
      stream,
      expected,
      actual,
    });
  }
}

// Cross-stream guard: the whole log must still end at `expected`. Used where a decision read
// other streams (the registration gate compares a new layout with every registered one).
export function assertExpectedPosition(expected: number | undefined, actual: number): void {
  if (expected !== undefined && expected !== actual) {
    throw new CoreError('CONFLICT', `the event log is at position ${actual}, expected ${expected}`, {
      expectedPosition: expected,
      actualPosition: actual,
    });
  }
}

export function nextVersion(current: number, index: number): number {
  return current + index + 1;
}
