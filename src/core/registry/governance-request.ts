import { CoreError } from '../errors';
import type { FieldAliasDeclaredData, LayoutAnnotatedData, LayoutDeprecatedData } from '../events/events';
import { INPUT_LIMITS, checkJsonInput, checkText } from '../input/input-text';
import { C_IDENTIFIER_PATTERN as IDENTIFIER } from '../names';

// Validation of the governance commands for every transport (REST, GraphQL): the same input is
// refused with the same message and names the member at fault.
export const MAX_REASON_LENGTH = 1000;
export const MAX_ANNOTATION_LENGTH = 2000;

export function parseDeprecation(name: string, reason: unknown): LayoutDeprecatedData {
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw invalid(`reason is required: a non-empty string of at most ${MAX_REASON_LENGTH} characters`, 'reason');
  }
  return { name, reason: checkText(reason, 'reason', MAX_REASON_LENGTH) };
}

export function parseAnnotation(name: string, body: unknown): LayoutAnnotatedData {
  const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  checkJsonInput(b, '', { string: MAX_ANNOTATION_LENGTH });
  const data: LayoutAnnotatedData = { name };
  for (const key of ['kernel', 'commit', 'notes'] as const) {
    const v = b[key];
    if (v === undefined || v === null) {
      continue;
    }
    if (typeof v !== 'string') {
      throw invalid(`${key} must be a string of at most ${MAX_ANNOTATION_LENGTH} characters`, key);
    }
    data[key] = v;
  }
  return data;
}

// Both names are C identifiers; the error names the one that is not.
export function parseAlias(from: unknown, to: unknown): FieldAliasDeclaredData {
  const field = (value: unknown, key: 'from' | 'to'): string => {
    if (typeof value !== 'string' || value === '') {
      throw invalid(`${key} is required: the field's ${key === 'from' ? 'old' : 'new'} name, a C identifier`, key);
    }
    checkText(value, key, INPUT_LIMITS.identifier);
    if (!IDENTIFIER.test(value)) {
      throw invalid(`${key} ${JSON.stringify(value)} is not a C identifier`, key);
    }
    return value;
  };
  return { from: field(from, 'from'), to: field(to, 'to') };
}

function invalid(message: string, field: string): CoreError {
  return new CoreError('INVALID_INPUT', message, { field });
}
