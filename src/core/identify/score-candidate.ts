import { formatRevision, type LayoutField } from '../layouts/layout';
import type { CompiledCandidate } from './compile-candidate';
import type { Evidence, EvidenceWeight } from './evidence';

// One candidate layout read over one blob: the tallies that rank it and what each check found
// (details rendered later, only for the evidence an answer shows).
export interface CandidateReading {
  found: Observation[];
  support: number; // checks passed on values the blob sets
  factFailures: number;
  evidenceFailures: number;
}

export interface Observation {
  check: string;
  field: string;
  offset: number;
  ok: boolean;
  weight: EvidenceWeight;
  detail: () => string;
}

// The blob seen once: its bytes, a DataView, and a prefix count of non-zero bytes so that
// "is this span zero" costs two reads whatever its length.
export interface BlobView {
  bytes: Uint8Array;
  view: DataView;
  nonZeroBefore: Uint32Array; // nonZeroBefore[i]: non-zero bytes in bytes[0..i)
}

export function viewBlob(bytes: Uint8Array): BlobView {
  const nonZeroBefore = new Uint32Array(bytes.length + 1);
  for (let i = 0; i < bytes.length; i++) {
    nonZeroBefore[i + 1] = (nonZeroBefore[i] as number) + (bytes[i] === 0 ? 0 : 1);
  }
  return { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), nonZeroBefore };
}

export function nonZeroIn(blob: BlobView, from: number, to: number): number {
  return (blob.nonZeroBefore[to] as number) - (blob.nonZeroBefore[from] as number);
}

export function readScalar(blob: BlobView, f: LayoutField): bigint {
  switch (f.size) {
    case 1:
      return BigInt(blob.view.getUint8(f.offset));
    case 2:
      return BigInt(blob.view.getUint16(f.offset, true));
    case 4:
      return BigInt(blob.view.getUint32(f.offset, true));
    default:
      return blob.view.getBigUint64(f.offset, true);
  }
}

export function readCandidate(c: CompiledCandidate, blob: BlobView, revision: number): CandidateReading {
  const found: Observation[] = [];
  let support = 0;
  let factFailures = 0;
  let evidenceFailures = 0;
  found.push({
    check: 'revision',
    field: c.header?.name ?? 'revision_id',
    offset: 0,
    ok: true,
    weight: 'fact',
    detail: () => `header revision ${formatRevision(revision)} is the layout's`,
  });
  for (const span of c.zeroSpans) {
    const n = nonZeroIn(blob, span.from, span.to);
    if (n > 0) {
      factFailures++;
    }
    found.push({
      check: span.field === '' ? 'unused-bytes-zero' : 'reserved-bytes-zero',
      field: span.field,
      offset: n === 0 ? span.from : firstNonZero(blob, span.from, span.to),
      ok: n === 0,
      weight: 'fact',
      detail: () => {
        const what = span.field === '' ? `bytes ${span.from}-${span.to - 1}, held by no field,` : `reserved ${span.field} (bytes ${span.from}-${span.to - 1})`;
        return n === 0 ? `${what} are zero` : `${what} hold ${n} non-zero byte${n === 1 ? '' : 's'}`;
      },
    });
  }
  const read = (name: string): bigint | undefined => {
    const f = c.scalars.get(name);
    return f ? readScalar(blob, f) : undefined;
  };
  for (const { rule, field } of c.rules) {
    if (nonZeroIn(blob, field.offset, field.offset + field.size) === 0) {
      continue; // a field the blob does not set says nothing
    }
    const f = rule.test(readScalar(blob, field), read);
    if (!f) {
      continue;
    }
    found.push({ check: rule.check, field: field.name, offset: field.offset, ok: f.ok, weight: rule.weight, detail: f.detail });
    if (f.ok) {
      support++;
    } else if (rule.weight === 'fact') {
      factFailures++;
    } else {
      evidenceFailures++;
    }
  }
  return { found, support, factFailures, evidenceFailures };
}

// What an answer shows of a reading: every observation for a plausible candidate; for one out
// of reach, the failed checks that put it there, facts first, at most `limit`.
export function renderEvidence(r: CandidateReading, full: boolean, limit: number): Evidence[] {
  const shown = full ? r.found : r.found.filter((o) => !o.ok).sort((a, b) => (a.weight === b.weight ? 0 : a.weight === 'fact' ? -1 : 1)).slice(0, limit);
  return shown.map((o) => ({ check: o.check, field: o.field, offset: o.offset, ok: o.ok, detail: o.detail(), weight: o.weight }));
}

function firstNonZero(blob: BlobView, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    if (blob.bytes[i] !== 0) {
      return i;
    }
  }
  return from;
}

// The data fields the blob sets, as interned ids (one per name, offset and size across every
// layout): equal keys mean no byte of the blob reads differently under the two layouts.
export function setKey(c: CompiledCandidate, blob: BlobView): string {
  const ids: number[] = [];
  const data = c.data;
  for (let i = 0; i < data.length; i++) {
    const f = data[i] as LayoutField;
    if (nonZeroIn(blob, f.offset, f.offset + f.size) > 0) {
      ids.push(c.dataIds[i] as number);
    }
  }
  return String.fromCharCode(...ids);
}
