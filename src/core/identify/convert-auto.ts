import type { BlobLoss } from '../conversion/blob-loss';
import { CoreError } from '../errors';
import type { Layout } from '../layouts/layout';
import type { Identification } from './identify';

// One candidate source converted: the output bytes and what was lost.
export interface CandidateConversion {
  output: Uint8Array;
  lost: readonly BlobLoss[];
}

export interface AutoSource<C extends CandidateConversion> {
  from: string; // the first candidate in play: every considered candidate gives its bytes and loss
  considered: string[]; // X-Source-Candidates
  conversion: C;
}

// A destination field whose bytes differ between candidate sources: what would decide.
export interface SourceDifference {
  field: string;
  offset: number;
  values: Array<{ candidate: string; value: string }>; // hex, little-endian bytes as a number
}

// POST /convert/auto/:to (API.md "Identification"): converts from every plausible candidate
// (the layouts the identification could not rule out, merged ones included) and answers only
// when all of them give the same bytes and the same loss. `convert` runs one named source (a
// bare blob or a whole container); `to` is the destination layout and `at` where its region
// starts in the output (128 for a kvm_nested_state) so that differences name its fields.
export function convertAuto<C extends CandidateConversion>(
  id: Identification,
  convert: (from: string) => C,
  to: Layout,
  at = 0,
): AutoSource<C> {
  const best = id.candidates[0];
  if (id.verdict === 'unknown' || !best) {
    throw new CoreError('UNKNOWN_SOURCE', `no registered layout could have written this blob: ${id.reason}`, { verdict: id.verdict, revision: id.revision, candidates: summary(id) });
  }
  const considered = id.candidates.filter((c) => c.plausible);
  if (!considered.some((c) => c.evidence.every((e) => e.ok))) {
    // Every reading in play fails some check: converting from the best could move a field of an
    // unregistered layout into the wrong place, silently.
    throw new CoreError('UNKNOWN_SOURCE', `no registered layout explains every set value of this blob (best reading ${best.name}: ${id.reason})`, {
      verdict: id.verdict,
      revision: id.revision,
      candidates: summary(id),
      failed: best.evidence.filter((e) => !e.ok),
    });
  }
  const names = considered.flatMap((c) => [c.name, ...c.sameAs]);
  const runs = names.map((name) => ({ name, conversion: convert(name) }));
  const first = runs[0] as { name: string; conversion: C };
  const differing = runs.filter((r) => !sameConversion(r.conversion, first.conversion));
  if (differing.length > 0) {
    throw new CoreError('AMBIGUOUS_SOURCE', `the blob could come from ${names.join(', ')}, which convert it differently`, {
      verdict: id.verdict,
      revision: id.revision,
      candidates: summary(id).filter((c) => c.plausible),
      differences: differences(runs, to, at),
      lost: Object.fromEntries(runs.map((r) => [r.name, r.conversion.lost])),
    });
  }
  return { from: first.name, considered: names, conversion: first.conversion };
}

function summary(id: Identification): Array<{ name: string; lineage: string | null; score: number; plausible: boolean; sameAs: string[] }> {
  return id.candidates.map(({ name, lineage, score, plausible, sameAs }) => ({ name, lineage, score, plausible, sameAs }));
}

function sameConversion(a: CandidateConversion, b: CandidateConversion): boolean {
  if (a.output.length !== b.output.length || JSON.stringify(a.lost) !== JSON.stringify(b.lost)) {
    return false;
  }
  for (let i = 0; i < a.output.length; i++) {
    if (a.output[i] !== b.output[i]) {
      return false;
    }
  }
  return true;
}

function differences(runs: Array<{ name: string; conversion: CandidateConversion }>, to: Layout, at: number): SourceDifference[] {
  const out: SourceDifference[] = [];
  for (const f of to.fields) {
    if (f.role !== 'data') {
      continue;
    }
    const values = runs.map((r) => ({ candidate: r.name, value: valueAt(r.conversion.output, at + f.offset, f.size) }));
    if (new Set(values.map((v) => v.value)).size > 1) {
      out.push({ field: f.name, offset: f.offset, values });
    }
  }
  return out;
}

function valueAt(bytes: Uint8Array, offset: number, size: number): string {
  let hex = '';
  for (let i = offset + size - 1; i >= offset; i--) {
    hex += (bytes[i] ?? 0).toString(16).padStart(2, '0');
  }
  return '0x' + (hex.replace(/^0+(?=.)/, '') || '0');
}
