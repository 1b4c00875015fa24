import { CoreError } from '../errors';

// What a client may send as text, checked where requests enter the core (the request parsers
// of src/core/registry) and once more on every command before it can reach the log. Postgres
// text and jsonb hold neither a NUL nor a lone UTF-16 surrogate (it has no UTF-8 form), so
// such a string would otherwise pass validation and fail as a 500 at the database; strings and
// nesting without bound cost memory and stack on every later read.
export const INPUT_LIMITS = {
  depth: 32, // JSON nesting of a request body: a layout is 4 deep (fields[i].bitfields[j].name)
  string: 4096, // any string that has no bound of its own
  key: 128, // an object member's name
  identifier: 128, // a field, bitfield or alias name (C identifiers; the longest real one is 40)
} as const;

export interface WalkLimits {
  depth?: number;
  string?: number;
  // Bounds of their own for top-level members (C source text is up to 1 MiB).
  long?: Readonly<Record<string, number>>;
}

// The first character no database column can hold, if any.
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function findUnstorable(text: string): { index: number; description: string } | undefined {
  const m = UNSTORABLE.exec(text);
  if (!m) {
    return undefined;
  }
  const unit = m[0].charCodeAt(0);
  return { index: m.index, description: unit === 0 ? 'a NUL character' : `an unpaired UTF-16 surrogate (\\u${unit.toString(16)})` };
}

// 1-based, counting characters as the C lexer does (a tab is one column).
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    start = i + 1;
  }
  return { line, column: index - start + 1 };
}

// A string member of a request: storable, at most `maxLength` characters. Errors name `field`.
export function checkText(value: string, field: string, maxLength: number = INPUT_LIMITS.string): string {
  const bad = findUnstorable(value);
  if (bad) {
    throw new CoreError('INVALID_INPUT', `${field} contains ${bad.description} at character ${bad.index + 1}`, { field, ...lineColumn(value, bad.index) });
  }
  if (value.length > maxLength) {
    throw new CoreError('INVALID_INPUT', `${field} is ${value.length} characters long; the limit is ${maxLength}`, { field, limit: maxLength });
  }
  return value;
}

// C text: a character no column can hold is a parse error at its line and column, even inside a
// comment the parser would skip, because the text itself is stored.
export function checkSourceText(source: string, field = 'source'): string {
  const bad = findUnstorable(source);
  if (bad) {
    const at = lineColumn(source, bad.index);
    throw new CoreError('PARSE_ERROR', `${field} contains ${bad.description} (line ${at.line}, column ${at.column})`, { field, ...at });
  }
  return source;
}

// Every key and string of a JSON value, at every depth, without recursion (the value may be
// nested far deeper than the stack): storable, bounded, and no deeper than `depth`.
// `root` prefixes the paths that errors name, e.g. fields[2].note.
export function checkJsonInput(value: unknown, root = '', limits: WalkLimits = {}): void {
  const maxDepth = limits.depth ?? INPUT_LIMITS.depth;
  const maxString = limits.string ?? INPUT_LIMITS.string;
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { path, depth } = item;
    const v = item.value;
    if (typeof v === 'string') {
      const own = depth === 1 && limits.long ? limits.long[path.slice(root === '' ? 0 : root.length + 1)] : undefined;
      checkText(v, path || 'the request body', own ?? maxString);
      continue;
    }
    if (typeof v !== 'object' || v === null) {
      continue;
    }
    if (depth >= maxDepth) {
      throw new CoreError('INVALID_INPUT', `${path || 'the request body'} is nested more than ${maxDepth} levels deep`, { field: path, limit: maxDepth });
    }
    // Pushed last to first, so problems are found in document order.
    const members: Array<[string, unknown]> = Array.isArray(v) ? v.map((e: unknown, i) => [`${path}[${i}]`, e]) : Object.entries(v).map(([k, m]) => [checkKey(path, k), m]);
    for (let i = members.length - 1; i >= 0; i--) {
      const [at, member] = members[i] as [string, unknown];
      stack.push({ value: member, path: at, depth: depth + 1 });
    }
  }
}

// A member's name is text the client sent too: stored with the layout's JSON source.
function checkKey(path: string, key: string): string {
  const at = memberPath(path, key);
  const bad = findUnstorable(key);
  if (bad) {
    throw new CoreError('INVALID_INPUT', `the member name ${at} contains ${bad.description}`, { field: at });
  }
  if (key.length > INPUT_LIMITS.key) {
    throw new CoreError('INVALID_INPUT', `the member name ${at} is ${key.length} characters long; the limit is ${INPUT_LIMITS.key}`, { field: at, limit: INPUT_LIMITS.key });
  }
  return at;
}

// `a.b` for identifier-like names; otherwise `a["…"]`, escaped, so the path itself is storable.
function memberPath(path: string, key: string): string {
  if (/^[A-Za-z_$][\w$]*$/.test(key)) {
    return path === '' ? key : `${path}.${key}`;
  }
  return `${path}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
}
