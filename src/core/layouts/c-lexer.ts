// Tokenizer for whole kernel headers and .c files. It never throws: text outside struct vmcs12
// (inline functions, macros, other structs) only has to be skipped, so an unterminated comment
// or string simply ends the token stream and the parser reports the struct as unterminated.
// Columns are 1-based and count characters (a tab is one column).

import { C_IDENTIFIER_SOURCE } from '../names';

export type TokenKind = 'ident' | 'number' | 'punct' | 'string' | 'eof';

export interface Token {
  kind: TokenKind;
  value: string;
  line: number;
  column: number;
}

export interface MacroDefinition {
  value: string; // replacement text, comments removed, trimmed
  line: number;
  column: number; // of the macro name
}

export interface LexResult {
  tokens: Token[];
  defines: Map<string, MacroDefinition>; // object-like #defines only; the last one wins
}

const NL = 10;
const CR = 13;
const SLASH = 47;
const STAR = 42;
const BACKSLASH = 92;
const HASH = 35;

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36;
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 11 || c === 12 || c === CR;
}

export function lexC(text: string): LexResult {
  const tokens: Token[] = [];
  const defines = new Map<string, MacroDefinition>();
  const n = text.length;
  let i = 0;
  let line = 1;
  let lineStart = 0; // index of the first character of the current line
  let tokenOnLine = false; // a directive's '#' must be the first token of its line

  // Skips a block comment starting at i ("/*"); keeps line bookkeeping.
  const skipBlockComment = (): void => {
    i += 2;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === STAR && text.charCodeAt(i + 1) === SLASH) {
        i += 2;
        return;
      }
      if (c === NL) {
        line++;
        lineStart = i + 1;
      }
      i++;
    }
  };

  // A directive runs to the first newline not escaped by a backslash; comments inside it are
  // dropped so `#define VMCS12_SIZE 0x1000 /* 4 KiB */` still yields a number.
  const readDirective = (): void => {
    const startLine = line;
    const startColumn = i - lineStart + 1;
    let body = '';
    let segment = i + 1;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === NL) {
        break;
      }
      if (c === BACKSLASH && (text.charCodeAt(i + 1) === NL || (text.charCodeAt(i + 1) === CR && text.charCodeAt(i + 2) === NL))) {
        body += text.slice(segment, i) + ' ';
        i += text.charCodeAt(i + 1) === CR ? 3 : 2;
        line++;
        lineStart = i;
        segment = i;
        continue;
      }
      if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
        body += text.slice(segment, i) + ' ';
        skipBlockComment();
        segment = i;
        continue;
      }
      if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
        body += text.slice(segment, i);
        while (i < n && text.charCodeAt(i) !== NL) {
          i++;
        }
        segment = i;
        break;
      }
      i++;
    }
    body += text.slice(segment, i);
    recordDefine(body, startLine, startColumn, defines);
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      line++;
      i++;
      lineStart = i;
      tokenOnLine = false;
      continue;
    }
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === STAR) {
      skipBlockComment();
      continue;
    }
    if (c === SLASH && text.charCodeAt(i + 1) === SLASH) {
      while (i < n && text.charCodeAt(i) !== NL) {
        i++;
      }
      continue;
    }
    if (c === HASH && !tokenOnLine) {
      readDirective();
      continue;
    }
    const start = i;
    const column = i - lineStart + 1;
    let kind: TokenKind;
    if (isIdentStart(c)) {
      kind = 'ident';
      while (i < n && isIdentPart(text.charCodeAt(i))) {
        i++;
      }
    } else if (isDigit(c)) {
      kind = 'number';
      while (i < n && (isIdentPart(text.charCodeAt(i)) || text.charCodeAt(i) === 46)) {
        i++;
      }
    } else if (c === 34 || c === 39) {
      kind = 'string';
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) {
          i += 2;
          continue;
        }
        if (d === NL) {
          break; // unterminated literal: stop at the line end
        }
        i++;
        if (d === c) {
          break;
        }
      }
    } else {
      kind = 'punct';
      i++;
    }
    tokens.push({ kind, value: text.slice(start, i), line, column });
    tokenOnLine = true;
  }
  tokens.push({ kind: 'eof', value: '', line, column: i - lineStart + 1 });
  return { tokens, defines };
}

const DEFINE_RE = new RegExp(String.raw`^\s*define\s+(${C_IDENTIFIER_SOURCE})(\(?)`);

function recordDefine(body: string, line: number, hashColumn: number, defines: Map<string, MacroDefinition>): void {
  // body starts right after '#'
  const m = DEFINE_RE.exec(body);
  if (!m || m[2] === '(') {
    return; // not a define, or a function-like macro: never a layout constant
  }
  const name = m[1] ?? '';
  const column = hashColumn + 1 + body.indexOf(name, body.indexOf('define') + 6);
  defines.set(name, { value: body.slice(m[0].length).trim(), line, column });
}
