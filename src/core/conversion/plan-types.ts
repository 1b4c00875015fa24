// The JSON shape of GET /plans/:from/:to. A plan is data: the TypeScript converter and the
// emitted C both walk these ops, so what one does the other does.
export type PlanOp =
  // bytes [from, from+length) of A land at [to, to+length) of B; one op per run of fields
  // contiguous and in the same order in both layouts
  | { op: 'copy'; from: number; to: number; length: number }
  // `count` elements, each read as fromWidth bytes little-endian and written as toWidth bytes:
  // zero-extended when wider, low bytes kept (and the loss reported) when narrower. `field` is
  // A's name.
  | { op: 'resize'; field: string; from: number; to: number; fromWidth: number; toWidth: number; count: number }
  // the u32 header at `to` (always 0): value | the input's bit 31 (shadow_vmcs)
  | { op: 'revision'; to: number; value: number };

export type PlanOpKind = PlanOp['op'];

// Elements of an A data field that have no place in B (the field is gone, or B has fewer
// elements). Not copied; a non-zero element is reported lost with reason "absent".
export interface AbsentRange {
  field: string; // A's name
  from: number; // offset of element `firstIndex` in A
  width: number; // bytes per element
  count: number; // elements from firstIndex on
  firstIndex: number;
  array: boolean; // A declares the field as an array: losses carry an index
}

export interface Plan {
  id: string; // sha256 over fingerprints, revisions, sizes, ops and absent ranges
  fromFingerprint: string;
  toFingerprint: string;
  fromRevision: number; // what an input's header bits 0-30 must hold
  fromSize: number;
  toSize: number;
  ops: PlanOp[];
  absent: AbsentRange[];
  copyRuns: number; // number of copy ops
  bytesCopied: number; // sum of copy op lengths (resized fields not included)
}
