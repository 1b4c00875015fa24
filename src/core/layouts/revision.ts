import { CoreError } from '../errors';

const HEX = /^0[xX][0-9a-fA-F]{1,8}$/;
const DECIMAL = /^(0|[1-9][0-9]{0,9})$/;

// A revision as users write it: "0x11e57ed0" (the API's form), a decimal string, or a number.
// The 31-bit range is checked by validateLayout, so an oversized id is INVALID_LAYOUT there.
export function parseRevision(value: unknown, what = 'revision'): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    return value;
  }
  if (typeof value === 'string' && HEX.test(value)) {
    return parseInt(value.slice(2), 16);
  }
  if (typeof value === 'string' && DECIMAL.test(value)) {
    return parseInt(value, 10);
  }
  throw new CoreError('INVALID_INPUT', `${what} must be a hex string like "0x11e57ed0" or a non-negative integer`, {
    field: what,
    value,
  });
}
