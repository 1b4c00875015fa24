// One observation about a blob read through one candidate layout (API.md "Identification").
// `ok: false` is evidence against the candidate; `weight` says how much it counts: a `fact` is
// something the architecture or KVM fixes (a VMM cannot have written the value), `evidence` is
// what VMMs do in practice and a VMM may legitimately do otherwise.
export type EvidenceWeight = 'fact' | 'evidence';

export interface Evidence {
  check: string;
  field: string;
  offset: number;
  ok: boolean;
  detail: string;
  weight: EvidenceWeight;
}

// A check's verdict on one value, or undefined when the value tells nothing (e.g. a control
// field that was never written). The detail is rendered only for the evidence an answer shows:
// most readings of a blob are scored and dropped.
export interface Finding {
  ok: boolean;
  detail: () => string;
}

// Reads another field of the same candidate: undefined when the layout has no such field.
export type ReadField = (name: string) => bigint | undefined;

export interface FieldRule {
  check: string;
  field: string;
  weight: EvidenceWeight;
  test(value: bigint, read: ReadField): Finding | undefined;
}

export const hex = (v: bigint | number): string => '0x' + v.toString(16);

export const bit = (n: number): bigint => 1n << BigInt(n);

export function has(value: bigint, mask: bigint): boolean {
  return (value & mask) === mask;
}

// x86-64 with 4-level paging: bits 63:47 all equal (SDM 3.3.7.1). 5-level paging widens this to
// 63:56, so a 57-bit canonical address is accepted too.
export function canonical(v: bigint): boolean {
  const top57 = v >> 56n;
  return top57 === 0n || top57 === 0xffn;
}

export function finding(ok: boolean, detail: string | (() => string)): Finding {
  return { ok, detail: typeof detail === 'string' ? () => detail : detail };
}
