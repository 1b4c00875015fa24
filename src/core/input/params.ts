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
