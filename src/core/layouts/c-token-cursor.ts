import type { MacroDefinition, Token } from './c-lexer';
import { KNOWN_CONSTANTS, parseCInteger } from './c-types';
import type { SourceLocation } from './layout';
import { parseError } from './parse-error';

// Walks the tokens of one struct body. Running out of tokens inside the body is always the
// same error: the struct (or a nested aggregate) was never closed.
export class TokenCursor {
  // Braces opened and not yet closed; the innermost is reported when the text ends.
  readonly openBraces: SourceLocation[] = [];

  constructor(
    private readonly tokens: readonly Token[],
    public pos: number,
    private readonly defines: ReadonlyMap<string, MacroDefinition>,
  ) {}

  peek(ahead = 0): Token {
    const t = this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)];
    if (!t) {
      throw new Error('token stream without eof');
    }
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind === 'eof') {
      throw this.unterminated(t);
    }
    this.pos++;
    return t;
  }

  is(value: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind !== 'string' && t.value === value;
  }

  expect(value: string, context: string): Token {
    const t = this.peek();
    if (t.kind === 'eof') {
      throw this.unterminated(t);
    }
    if (t.value !== value || t.kind === 'string') {
      throw parseError(`expected "${value}" ${context}, found "${t.value}"`, t);
    }
    this.pos++;
    return t;
  }

  unterminated(at: Token): Error {
    const open = this.openBraces[this.openBraces.length - 1];
    const where = open ? ` (the "{" at line ${open.line}, column ${open.column} is never closed)` : '';
    return parseError(`unterminated struct vmcs12: the text ends inside it${where}`, at, {
      ...(open ? { openLine: open.line, openColumn: open.column } : {}),
    });
  }

  // GCC attributes and the kernel's __packed. Only packing changes offsets; anything else
  // (aligned, randomize_layout) would change them in ways not modelled, so it is refused.
  attributes(): boolean {
    let packed = false;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'ident') {
        return packed;
      }
      if (t.value === '__packed') {
        this.pos++;
        packed = true;
      } else if (t.value === '__attribute__' || t.value === '__attribute') {
        this.pos++;
        this.expect('(', 'after __attribute__');
        this.expect('(', 'after __attribute__(');
        for (let more = true; more; ) {
          const a = this.next();
          if (a.value !== 'packed' && a.value !== '__packed__') {
            throw parseError(`unsupported attribute "${a.value}": only packed is understood`, a);
          }
          packed = true;
          more = this.is(',');
          if (more) {
            this.next();
          }
        }
        this.expect(')', 'to close the attribute list');
        this.expect(')', 'to close __attribute__');
      } else if (t.value.startsWith('__aligned') || t.value === '__randomize_layout') {
        throw parseError(`unsupported attribute "${t.value}": only packed is understood`, t);
      } else {
        return packed;
      }
    }
  }

  // An array size or bitfield width: a literal, or a macro defined in the text as one.
  integer(what: string): { value: number; token: Token } {
    const token = this.next();
    let value = token.kind === 'number' ? parseCInteger(token.value) : undefined;
    if (token.kind === 'ident') {
      value = resolveIntegerMacro(token.value, this.defines);
    }
    if (value === undefined) {
      throw parseError(`${what} must be an integer literal, found "${token.value}"`, token);
    }
    return { value, token };
  }

}

// The integer a macro stands for, following macro-to-macro definitions (VMCS12_SIZE ->
// KVM_STATE_NESTED_VMX_VMCS_SIZE) and the uapi constants the text may not define itself.
export function resolveIntegerMacro(name: string, defines: ReadonlyMap<string, MacroDefinition>): number | undefined {
  let current = name;
  for (let depth = 0; depth < 8; depth++) {
    const def = defines.get(current);
    if (!def) {
      return KNOWN_CONSTANTS.get(current);
    }
    const literal = parseCInteger(def.value);
    if (literal !== undefined) {
      return literal;
    }
    current = def.value.replace(/^\(+|\)+$/g, '').trim();
  }
  return undefined;
}

// Skips `__packed` / `__attribute__((...))` / `__aligned(...)` without judging them: used while
// searching for `struct vmcs12 {` among unrelated declarations.
export function skipAttributeTokens(tokens: readonly Token[], pos: number): number {
  let p = pos;
  for (;;) {
    const t = tokens[p];
    if (!t || t.kind !== 'ident' || !t.value.startsWith('__')) {
      return p;
    }
    if (t.value === '__packed' || t.value === '__randomize_layout') {
      p++;
      continue;
    }
    if (tokens[p + 1]?.value !== '(') {
      return p;
    }
    let depth = 0;
    p++;
    do {
      const v = tokens[p]?.value;
      if (v === '(') {
        depth++;
      } else if (v === ')') {
        depth--;
      }
      p++;
    } while (depth > 0 && p < tokens.length);
  }
}
