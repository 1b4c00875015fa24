import type { AggregateNode, FieldNode, MemberNode, StructNode } from './c-ast';
import type { Token } from './c-lexer';
import type { TokenCursor } from './c-token-cursor';
import { C_TYPE_SPELLINGS, VMCS_HDR_BITFIELDS } from './c-types';
import { typeWidth, type FieldType } from './field-types';
import type { Bitfield } from './layout';
import { parseError } from './parse-error';

// Grammar of the struct body: declarations of the known member types, anonymous nested
// struct/union (any depth), `struct vmcs_hdr`, named structs made only of bitfields (the
// eVMCS hv_enlightenments_control) and unnamed full-width bitfields (gap fillers).

interface BitDecl {
  kind: 'bits';
  type: FieldType;
  name: string | undefined;
  bits: number;
  at: Token; // the name, or the ':' of an unnamed bitfield
}

type BodyItem = MemberNode | BitDecl;

const loc = (t: Token) => ({ line: t.line, column: t.column });

// Real vmcs12 definitions nest an anonymous union or struct two or three deep; the bound keeps
// the recursive descent (and every later walk of the tree) far from the stack's end.
export const MAX_NESTING = 16;
// gcc takes identifiers of any length; the longest vmcs12 member name has 40 characters.
export const MAX_IDENTIFIER = 128;

// Parses from just after the opening '{' of struct vmcs12 through its closing `};`.
export function parseStructBody(cur: TokenCursor, keyword: Token, packed: boolean, open: Token): StructNode {
  cur.openBraces.push(loc(open));
  const items = parseBody(cur);
  const trailingPacked = cur.attributes();
  cur.expect(';', 'after the closing "}" of struct vmcs12');
  return { packed: packed || trailingPacked, members: items.map(toMember), loc: loc(keyword) };
}

// Members up to and including the matching '}'.
function parseBody(cur: TokenCursor): BodyItem[] {
  const items: BodyItem[] = [];
  while (!cur.is('}')) {
    if (cur.peek().kind === 'eof') {
      throw cur.unterminated(cur.peek());
    }
    parseMember(cur, items);
  }
  cur.next();
  cur.openBraces.pop();
  return items;
}

function parseMember(cur: TokenCursor, items: BodyItem[]): void {
  const t = cur.peek();
  if (t.value === ';' && t.kind === 'punct') {
    cur.next(); // an empty declaration changes nothing
    return;
  }
  if (t.kind === 'ident' && (t.value === 'struct' || t.value === 'union')) {
    parseAggregateMember(cur, items);
    return;
  }
  const type = t.kind === 'ident' ? C_TYPE_SPELLINGS.get(t.value) : undefined;
  if (!type) {
    throw parseError(`unknown type "${t.value}" (expected u8, u16, u32, u64 or natural_width)`, t);
  }
  cur.next();
  parseDeclarators(cur, type, items, (name, count, at) => {
    items.push({ kind: 'field', name, type, count, align: typeWidth(type), loc: loc(at) });
  });
}

function parseAggregateMember(cur: TokenCursor, items: BodyItem[]): void {
  const keyword = cur.next();
  const isUnion = keyword.value === 'union';
  let packed = cur.attributes();
  const tag = cur.peek();
  if (tag.kind === 'ident') {
    cur.next();
    if (!isUnion && tag.value === 'vmcs_hdr' && !cur.is('{')) {
      cur.attributes();
      parseDeclarators(cur, 'u32', items, (name, count, at) => {
        items.push({ kind: 'field', name, type: 'u32', count, align: 4, bitfields: [...VMCS_HDR_BITFIELDS], loc: loc(at) });
      });
      return;
    }
    const what = cur.is('{') ? 'a tagged nested definition' : 'an unknown type';
    throw parseError(`"${keyword.value} ${tag.value}" is ${what}; only anonymous struct/union and struct vmcs_hdr are understood`, tag);
  }
  const open = cur.expect('{', `after "${keyword.value}"`);
  if (cur.openBraces.length >= MAX_NESTING) {
    throw parseError(`anonymous ${keyword.value} nested more than ${MAX_NESTING} levels deep`, keyword);
  }
  cur.openBraces.push(loc(open));
  const body = parseBody(cur);
  packed = cur.attributes() || packed;
  const name = cur.peek();
  if (name.kind === 'ident' && !isUnion) {
    cur.next();
    items.push(bitfieldStruct(body, name, packed));
    cur.expect(';', `after member "${name.value}"`);
    return;
  }
  if (name.kind === 'ident') {
    throw parseError(`named union member "${name.value}" is not supported: vmcs12 unions are anonymous`, name);
  }
  cur.expect(';', `after the closing "}" of the anonymous ${keyword.value}`);
  const node: AggregateNode = { kind: 'aggregate', union: isUnion, packed, members: body.map(toMember), loc: loc(keyword) };
  items.push(node);
}

// `T name[N]:bits, ...;` after the type. Bitfields are collected raw: their meaning depends
// on whether they sit in a named bitfield struct or directly in an aggregate.
function parseDeclarators(
  cur: TokenCursor,
  type: FieldType,
  items: BodyItem[],
  emit: (name: string, count: number, at: Token) => void,
): void {
  for (;;) {
    if (cur.is(':')) {
      const colon = cur.next();
      items.push({ kind: 'bits', type, name: undefined, bits: cur.integer('a bitfield width').value, at: colon });
    } else {
      const name = cur.next();
      if (name.kind !== 'ident') {
        throw parseError(`expected a member name, found "${name.value}"`, name);
      }
      if (name.value.length > MAX_IDENTIFIER) {
        throw parseError(`member name of ${name.value.length} characters; at most ${MAX_IDENTIFIER} are accepted`, name);
      }
      let count = 1;
      if (cur.is('[')) {
        cur.next();
        const size = cur.integer('an array size');
        if (size.value < 1) {
          throw parseError(`array "${name.value}" has size ${size.value}; vmcs12 arrays hold at least one element`, size.token);
        }
        count = size.value;
        cur.expect(']', `to close the size of "${name.value}"`);
        if (cur.is('[')) {
          throw parseError(`multi-dimensional array "${name.value}" is not supported`, cur.peek());
        }
      }
      if (cur.is(':')) {
        cur.next();
        items.push({ kind: 'bits', type, name: name.value, bits: cur.integer('a bitfield width').value, at: name });
      } else {
        emit(name.value, count, name);
      }
    }
    if (!cur.is(',')) {
      break;
    }
    cur.next();
  }
  const last = items[items.length - 1];
  const after = last && 'name' in last && last.name ? `member "${last.name}"` : 'the declaration';
  cur.expect(';', `after ${after}`);
}

// A named struct holding only bitfields of one type that fill it exactly: one field of that
// type whose bits are listed (struct { u32 nested_flush_hypercall:1; ... } hv_enlightenments_control).
function bitfieldStruct(body: BodyItem[], name: Token, packed: boolean): FieldNode {
  const first = body[0];
  if (!first || first.kind !== 'bits') {
    throw parseError(`named struct member "${name.value}" must consist of bitfields only`, name);
  }
  const bitfields: Bitfield[] = [];
  let total = 0;
  for (const item of body) {
    if (item.kind !== 'bits' || item.type !== first.type) {
      throw parseError(`named struct member "${name.value}" must consist of bitfields of one type`, name);
    }
    total += item.bits;
    if (item.name !== undefined) {
      bitfields.push({ name: item.name, bits: item.bits });
    }
  }
  const width = typeWidth(first.type);
  if (total !== width * 8) {
    throw parseError(`bitfields of "${name.value}" cover ${total} bits, not the ${width * 8} of ${first.type}`, name);
  }
  return { kind: 'field', name: name.value, type: first.type, count: 1, align: packed ? 1 : width, bitfields, loc: loc(name) };
}

function toMember(item: BodyItem): MemberNode {
  if (item.kind !== 'bits') {
    return item;
  }
  const width = typeWidth(item.type);
  if (item.name === undefined && item.bits === width * 8) {
    return { kind: 'filler', width, loc: loc(item.at) };
  }
  const what = item.name === undefined ? `unnamed bitfield of ${item.bits} bits` : `bitfield "${item.name}"`;
  throw parseError(`${what} is not supported here: only full-width unnamed bitfields may pad a struct`, item.at);
}
