// The registry's two kinds of name, each defined once: every parser, command and check imports
// them, so a name one transport accepts is never refused by another.

// Layout names in the order of API.md: a unique slug. Lineage names are slugs too.
export const LAYOUT_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

// Field, bitfield, alias and reserved names: C identifiers. Length limits are the caller's.
// The source alone is for patterns that find an identifier inside other text (#define NAME).
export const C_IDENTIFIER_SOURCE = '[A-Za-z_][A-Za-z0-9_]*';
export const C_IDENTIFIER_PATTERN = new RegExp(`^${C_IDENTIFIER_SOURCE}$`);

export function isCIdentifier(name: unknown, maxLength = Number.POSITIVE_INFINITY): name is string {
  return typeof name === 'string' && name.length <= maxLength && C_IDENTIFIER_PATTERN.test(name);
}
