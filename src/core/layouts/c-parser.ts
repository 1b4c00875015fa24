import { CoreError } from '../errors';
import { lexC, type MacroDefinition, type Token } from './c-lexer';
import { layoutStruct } from './c-struct-layout';
import { parseStructBody } from './c-struct-syntax';
import { resolveIntegerMacro, skipAttributeTokens, TokenCursor } from './c-token-cursor';
import { VMCS12_SIZE, type Layout } from './layout';
import { refuseForeignText } from './foreign-text';
import { parseError } from './parse-error';
import { parseRevision } from './revision';
import { validateLayout } from './validate-layout';

export interface ParseLayoutOptions {
  revision?: number | string; // overrides #define VMCS12_REVISION
  size?: number; // overrides #define VMCS12_SIZE
}

export interface ParsedLayoutC {
  layout: Layout;
  revision: number;
  size: number;
  defines: Record<string, string>; // every object-like #define in the text, name -> value
}

// Reads struct vmcs12 out of C text: the bare struct, a header or a whole .c file. Everything
// around the struct is skipped; only VMCS12_REVISION and VMCS12_SIZE are taken from it.
export function parseLayoutC(text: string, opts: ParseLayoutOptions = {}): ParsedLayoutC {
  refuseForeignText(text);
  const { tokens, defines } = lexC(text);
  const start = findStruct(tokens);
  const cur = new TokenCursor(tokens, start + 1, defines);
  const keyword = tokens[start] as Token;
  let packed = cur.attributes();
  cur.expect('vmcs12', 'after "struct"');
  packed = cur.attributes() || packed;
  const open = cur.expect('{', 'after "struct vmcs12"');
  const node = parseStructBody(cur, keyword, packed, open);
  const { fields } = layoutStruct(node);

  const revision = opts.revision !== undefined ? parseRevision(opts.revision) : revisionFromText(defines);
  const size = opts.size ?? sizeFromText(defines) ?? VMCS12_SIZE;
  for (const f of fields) {
    if (f.offset + f.size > size && f.source) {
      throw parseError(`field "${f.name}" ends at byte ${f.offset + f.size}, past VMCS12_SIZE ${size}`, f.source, {
        field: f.name,
        offset: f.offset,
      });
    }
  }
  const layout: Layout = { revision, size, fields };
  validateLayout(layout);
  return { layout, revision, size, defines: Object.fromEntries([...defines].map(([k, d]) => [k, d.value])) };
}

// The first `struct [attrs] vmcs12 [attrs] {`; forward declarations and pointer uses of
// struct vmcs12 elsewhere in a .c file are passed over.
function findStruct(tokens: readonly Token[]): number {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'ident' || t.value !== 'struct') {
      continue;
    }
    const name = skipAttributeTokens(tokens, i + 1);
    if (tokens[name]?.value !== 'vmcs12') {
      continue;
    }
    const open = tokens[skipAttributeTokens(tokens, name + 1)];
    if (open && open.kind === 'punct' && open.value === '{') {
      return i;
    }
  }
  const eof = tokens[tokens.length - 1] as Token;
  throw parseError('no "struct vmcs12 { ... };" found in the text', eof);
}

function revisionFromText(defines: ReadonlyMap<string, MacroDefinition>): number {
  const def = defines.get('VMCS12_REVISION');
  if (!def) {
    throw new CoreError('INVALID_INPUT', 'no revision: give one, or #define VMCS12_REVISION in the text', {
      field: 'revision',
    });
  }
  const value = resolveIntegerMacro('VMCS12_REVISION', defines);
  if (value === undefined) {
    throw parseError(`VMCS12_REVISION is defined as "${def.value}", not an integer`, def);
  }
  return value;
}

function sizeFromText(defines: ReadonlyMap<string, MacroDefinition>): number | undefined {
  const def = defines.get('VMCS12_SIZE');
  if (!def) {
    return undefined;
  }
  const value = resolveIntegerMacro('VMCS12_SIZE', defines);
  if (value === undefined) {
    throw parseError(`VMCS12_SIZE is defined as "${def.value}", not an integer`, def);
  }
  return value;
}
