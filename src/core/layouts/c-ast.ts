import type { FieldType } from './field-types';
import type { Bitfield, SourceLocation } from './layout';

// The parsed shape of struct vmcs12 before offsets: what gcc needs to lay it out.

// A named member: a scalar or array, `struct vmcs_hdr`, or a named struct of bitfields.
export interface FieldNode {
  kind: 'field';
  name: string;
  type: FieldType;
  count: number; // elements
  align: number; // natural alignment in bytes when the enclosing aggregate is not packed
  bitfields?: Bitfield[];
  loc: SourceLocation; // of the member's name
}

// An unnamed full-width bitfield (`u8 :8;`): occupies bytes, names nothing. layoutToC uses it
// to reproduce gaps without inventing fields. It does not raise its aggregate's alignment
// (x86-64 psABI: unnamed bit-fields' types do not affect the alignment of a structure).
export interface FillerNode {
  kind: 'filler';
  width: number; // bytes
  loc: SourceLocation;
}

// An anonymous `struct { ... };` or `union { ... };` whose members are flattened into vmcs12.
export interface AggregateNode {
  kind: 'aggregate';
  union: boolean;
  packed: boolean;
  members: MemberNode[];
  loc: SourceLocation; // of the `struct`/`union` keyword
}

export type MemberNode = FieldNode | FillerNode | AggregateNode;

export interface StructNode {
  packed: boolean;
  members: MemberNode[];
  loc: SourceLocation; // of the `struct` keyword
}
