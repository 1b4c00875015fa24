import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';

// Catalog-like headers from test/fixtures/layouts, and edits that break them the ways text
// breaks: characters and whole tokens deleted, inserted, swapped; lines dropped or doubled;
// numbers replaced. Most results are refused (parse errors, invalid layouts); some still parse,
// and those must be registered.
const FIXTURES = join(__dirname, '../../../fixtures/layouts');
export const HEADERS: readonly string[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.h'))
  .sort()
  .map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

export const C_TOKENS = [
  'u8', 'u16', 'u32', 'u64', 'natural_width', 'u33', 'int', 'char', 'struct', 'union', '__packed', 'vmcs12', 'vmcs_hdr',
  '{', '}', ';', ',', '[', ']', '[0]', '[-1]', '[4294967296]', '[99999999]', ':', ':31', '*', '(', ')', '=',
  '/*', '*/', '//', '#define', '#if 0', '#endif', '#include <x.h>', 'VMCS12_REVISION', 'VMCS12_SIZE', '0x', '0xffffffff',
  '0x7fffffff', '4096', '65537', '-1', '1e3', '\\', '"', "'", '\n', '\t', '\0', 'é', '\u2028', '\ud800', 'padding', 'reserved',
];

type Edit =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'swapChars'; at: number; with: number }
  | { kind: 'swapTokens'; a: number; b: number }
  | { kind: 'dropLine'; at: number }
  | { kind: 'doubleLine'; at: number }
  | { kind: 'number'; at: number; value: string };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...C_TOKENS), fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant('swapChars' as const), at: fc.nat(), with: fc.nat() }),
  fc.record({ kind: fc.constant('swapTokens' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('dropLine' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('doubleLine' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('number' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom('0', '-1', '0x80000000', '4294967295', '18446744073709551616', '1.5'), fc.nat().map(String)),
  }),
);

function tokenSpans(text: string, pattern: RegExp): Array<[number, number]> {
  return [...text.matchAll(pattern)].map((m) => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
}

function applyEdit(text: string, e: Edit): string {
  const n = Math.max(1, text.length);
  switch (e.kind) {
    case 'delete': {
      const at = e.at % n;
      return text.slice(0, at) + text.slice(at + e.length);
    }
    case 'insert': {
      const at = e.at % (text.length + 1);
      return text.slice(0, at) + e.text + text.slice(at);
    }
    case 'swapChars': {
      const chars = [...text];
      const i = e.at % Math.max(1, chars.length);
      const j = e.with % Math.max(1, chars.length);
      [chars[i], chars[j]] = [chars[j] ?? '', chars[i] ?? ''];
      return chars.join('');
    }
    case 'swapTokens': {
      const spans = tokenSpans(text, /\w+|[^\s\w]/g);
      if (spans.length < 2) {
        return text;
      }
      const [x, y] = [spans[e.a % spans.length], spans[e.b % spans.length]].sort((p, q) => (p?.[0] ?? 0) - (q?.[0] ?? 0));
      if (!x || !y || x[0] === y[0]) {
        return text;
      }
      return text.slice(0, x[0]) + text.slice(y[0], y[1]) + text.slice(x[1], y[0]) + text.slice(x[0], x[1]) + text.slice(y[1]);
    }
    case 'dropLine':
    case 'doubleLine': {
      const lines = text.split('\n');
      const i = e.at % lines.length;
      lines.splice(i, e.kind === 'dropLine' ? 1 : 0, ...(e.kind === 'doubleLine' ? [lines[i] ?? ''] : []));
      return lines.join('\n');
    }
    case 'number': {
      const spans = tokenSpans(text, /\b(?:0x[0-9a-fA-F]+|\d+)\b/g);
      const s = spans[e.at % Math.max(1, spans.length)];
      return s ? text.slice(0, s[0]) + e.value + text.slice(s[1]) : text;
    }
  }
}

// One to six edits of one of `seeds` (the catalog headers unless given).
export function mutatedTextArb(seeds: readonly string[]): fc.Arbitrary<string> {
  return fc.tuple(fc.constantFrom(...seeds), fc.array(editArb, { minLength: 1, maxLength: 6 })).map(([seed, edits]) => edits.reduce(applyEdit, seed));
}

export const mutatedHeaderArb: fc.Arbitrary<string> = mutatedTextArb(HEADERS);

// Text that was never a header: random characters, and soups of C tokens.
export const randomCTextArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 400 }),
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.array(fc.constantFrom(...C_TOKENS, ' ', 'field', 'x', '1'), { maxLength: 300 }).map((t) => t.join(' ')),
  fc.array(fc.constantFrom('u32 a;', 'u64 b[2];', 'union {', 'struct {', '};', '} __packed;'), { maxLength: 60 }).map(
    (lines) => `struct __packed vmcs12 {\n u32 revision_id;\n${lines.join('\n')}\n};\n#define VMCS12_REVISION 0x00c0ffee\n`,
  ),
);
