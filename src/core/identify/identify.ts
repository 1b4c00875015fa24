import { CoreError } from '../errors';
import { MAX_REVISION, formatRevision, type Layout } from '../layouts/layout';
import { compileCandidate, type CompiledCandidate } from './compile-candidate';
import type { Evidence } from './evidence';
import { readCandidate, renderEvidence, setKey, viewBlob, type CandidateReading } from './score-candidate';

export interface LayoutCandidateInput {
  name: string;
  layout: Layout;
  lineage?: string | null;
}

export interface IdentifyOptions {
  reserved?: ReadonlySet<string>; // names declared reserved: their bytes must be zero
}

export type IdentifyVerdict = 'identified' | 'ambiguous' | 'unknown';

export interface IdentifiedCandidate {
  name: string;
  lineage: string | null;
  score: number;
  plausible: boolean; // within reach of the best: auto conversion must agree across these
  checks: { passed: number; failed: number }; // checks on set values, and failed checks of any kind
  evidence: Evidence[]; // all of it when plausible, else the failures that rule it out

  sameAs: string[]; // layouts that place every field this blob sets at the same offsets
}

export interface Identification {
  revision: string;
  verdict: IdentifyVerdict;
  reason: string;
  candidates: IdentifiedCandidate[];
}

// Weights: a passed check on a value the blob sets is +1; a failed fact (a value no VMM can
// have written there) -3; failed evidence (unusual, not impossible) -1.
const FACT_PENALTY = 3;
// "Clearly ahead": every other reading fails some check and is at least this far behind.
const MARGIN = 2;
// Fewer passed checks than this: the blob sets too little to tell (e.g. just VMCLEARed).
const MIN_SUPPORT = 8;
// This many broken facts under the best reading: no registered layout wrote the blob.
const UNKNOWN_FACTS = 3;
// A candidate out of reach shows this many of its failed checks, facts first.
const SHOWN_FAILURES = 12;

export function identifyBlob(blob: Uint8Array, layouts: readonly LayoutCandidateInput[], opts: IdentifyOptions = {}): Identification {
  if (blob.length < 4) {
    throw new CoreError('INVALID_BLOB', `blob is ${blob.length} bytes, too short for the 4-byte header`, { offset: blob.length, expected: 4, actual: blob.length });
  }
  const view = viewBlob(blob);
  const revision = view.view.getUint32(0, true) & MAX_REVISION;
  const reserved = opts.reserved ?? new Set<string>();
  const reservedKey = [...reserved].sort().join(',');
  // Layouts that read every set byte the same way are one candidate: read it once.
  const groups = new Map<string, { members: LayoutCandidateInput[]; compiled: CompiledCandidate }>();
  for (const input of layouts) {
    if (input.layout.revision !== revision || input.layout.size !== blob.length) {
      continue;
    }
    const compiled = compileCandidate(input.layout, reserved, reservedKey);
    const key = setKey(compiled, view);
    const group = groups.get(key);
    if (group) {
      group.members.push(input);
    } else {
      groups.set(key, { members: [input], compiled });
    }
  }
  const ranked = [...groups.values()]
    .map(({ members, compiled }, order) => {
      const reading = readCandidate(compiled, view, revision);
      return { members, reading, order, score: scoreOf(reading) };
    })
    .sort((a, b) => b.score - a.score || a.reading.factFailures - b.reading.factFailures || a.order - b.order);
  const best = ranked[0];
  const revisionText = formatRevision(revision);
  if (!best) {
    return { revision: revisionText, verdict: 'unknown', reason: `no registered layout has revision ${revisionText} and size ${blob.length}`, candidates: [] };
  }
  const candidates = ranked.map(({ members, reading, score }) => {
    const [first, ...rest] = members as [LayoutCandidateInput, ...LayoutCandidateInput[]];
    // Plausible: nothing in the blob contradicts this reading, or it is within reach of the best.
    // A reading without failures stays in play however few checks it passed: with little set,
    // a wrong layout can pass more checks than the true one (neighbouring segment fields).
    const plausible = reading.factFailures + reading.evidenceFailures === 0 || score > best.score - MARGIN;
    return {
      name: first.name,
      lineage: first.lineage ?? null,
      score,
      plausible,
      checks: { passed: reading.support, failed: reading.factFailures + reading.evidenceFailures },
      evidence: renderEvidence(reading, plausible, SHOWN_FAILURES),
      sameAs: rest.map((m) => m.name),
    };
  });
  return { revision: revisionText, ...verdictOf(best.reading, candidates), candidates };
}

function scoreOf(r: CandidateReading): number {
  return r.support - FACT_PENALTY * r.factFailures - r.evidenceFailures;
}

function verdictOf(best: CandidateReading, candidates: IdentifiedCandidate[]): { verdict: IdentifyVerdict; reason: string } {
  const [first, second] = candidates as [IdentifiedCandidate, IdentifiedCandidate | undefined];
  if (best.factFailures >= UNKNOWN_FACTS) {
    return { verdict: 'unknown', reason: `even the best reading (${first.name}) breaks ${best.factFailures} architectural facts` };
  }
  if (best.support < MIN_SUPPORT) {
    return { verdict: 'ambiguous', reason: `the blob sets too little to tell layouts apart (${best.support} checks on set values)` };
  }
  // A reading with any failure explains the blob only in part: the odd value may be a field of
  // a layout the registry does not hold (a tree that put something else at that offset).
  const failures = best.factFailures + best.evidenceFailures;
  if (failures > 0) {
    return { verdict: 'ambiguous', reason: `the best reading (${first.name}) fails ${failures} check${failures === 1 ? '' : 's'}: some set value fits no registered layout` };
  }
  const rival = candidates.slice(1).find((c) => c.plausible);
  if (rival) {
    return { verdict: 'ambiguous', reason: `nothing in the blob rules out ${rival.name} (score ${rival.score}, ${first.name} ${first.score})` };
  }
  return { verdict: 'identified', reason: second ? `${first.name} leads ${second.name} by ${first.score - second.score}` : `${first.name} is the only layout with this revision and size` };
}
