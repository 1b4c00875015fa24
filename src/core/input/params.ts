import { CoreError } from '../errors';
import { checkText } from './input-text';

// Query-string parameters. A parameter given twice arrives as a list: it is refused, not read
// as whichever copy happens to come first (or crash a .split on a list).

export function textParam(value: unknown, field: string, maxLength?: number): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw new CoreError('INVALID_INPUT', `${field} is given more than once`, { field });
  }
  return checkText(value, field, maxLength);
}

// Exactly `true` or `false`: `TRUE`, `1` or `yes` silently meaning false would hide a typo that
// turns a strict conversion into one that loses data.
export function flagParam(value: unknown, field: string): boolean | undefined {
  const text = textParam(value, field);
  if (text === undefined || text === 'true' || text === 'false') {
    return text === undefined ? undefined : text === 'true';
  }
  throw new CoreError('INVALID_INPUT', `${field} must be true or false, not ${JSON.stringify(text.slice(0, 100))}`, { field });
}

// A decimal integer in min..max; absent or empty is `fallback`.
export function intParam(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CoreError('INVALID_INPUT', `${name} must be an integer in ${min}..${max}`, { field: name, value });
  }
  return n;
}
