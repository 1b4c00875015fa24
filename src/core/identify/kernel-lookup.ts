import { CoreError } from '../errors';

// GET /kernels/:release: the layouts a kernel release is known to use, from the `kernels`
// evidence of the catalog (never guessed). Releases match within a series (major.minor): the
// query `6.12` matches evidence for `6.12.117`, `4.14.336` matches evidence for `4.14`, and
// `6.12.5` matches `6.12.117`; `-rcN` must agree when both sides name one. Only the very
// release named by the evidence is an `exact` match; every other is labelled `series`, so the
// answer says when the evidence is for another point release of the series.

export interface KernelEvidenceInput {
  name: string;
  lineage: string | null;
  fingerprint: string;
  kernels: ReadonlyArray<{ release: string; evidence: string }>;
}

export interface KernelLayout {
  name: string;
  lineage: string | null;
  fingerprint: string;
  match: 'exact' | 'series'; // exact: the evidence names this very release
  evidence: Array<{ release: string; evidence: string }>;
}

export interface KernelLookup {
  release: string;
  layouts: KernelLayout[];
}

interface Release {
  major: number;
  minor: number;
  sub?: number;
  rc?: number;
}

const RELEASE = /^([1-9][0-9]{0,2})\.([0-9]{1,3})(?:\.([0-9]{1,4}))?(?:-rc([1-9][0-9]?))?$/;
const NEAREST = 3;

export function parseRelease(text: string): Release | undefined {
  const m = RELEASE.exec(text);
  if (!m) {
    return undefined;
  }
  return {
    major: Number(m[1]),
    minor: Number(m[2]),
    ...(m[3] === undefined ? {} : { sub: Number(m[3]) }),
    ...(m[4] === undefined ? {} : { rc: Number(m[4]) }),
  };
}

function matchOf(q: Release, e: Release): KernelLayout['match'] | undefined {
  if (q.major !== e.major || q.minor !== e.minor || (q.rc !== undefined && e.rc !== undefined && q.rc !== e.rc)) {
    return undefined;
  }
  return q.sub === e.sub && q.rc === e.rc ? 'exact' : 'series';
}

export function lookupKernel(release: string, entries: readonly KernelEvidenceInput[]): KernelLookup {
  const q = parseRelease(release);
  if (!q) {
    throw new CoreError('INVALID_INPUT', `release must look like 6.12, 4.14.336 or 6.17-rc3, not ${JSON.stringify(release.slice(0, 40))}`, { field: 'release' });
  }
  const layouts: KernelLayout[] = [];
  for (const e of entries) {
    const hits = e.kernels.flatMap((k) => {
      const r = parseRelease(k.release);
      const match = r && matchOf(q, r);
      return match ? [{ k, match }] : [];
    });
    if (hits.length > 0) {
      layouts.push({
        name: e.name,
        lineage: e.lineage,
        fingerprint: e.fingerprint,
        match: hits.some((h) => h.match === 'exact') ? 'exact' : 'series',
        evidence: hits.map((h) => ({ release: h.k.release, evidence: h.k.evidence })),
      });
    }
  }
  if (layouts.length === 0) {
    const nearest = nearestReleases(q, entries);
    throw new CoreError('NOT_FOUND', `no layout is known for Linux ${release}${nearest.length > 0 ? `; nearest known releases: ${nearest.join(', ')}` : ''}`, {
      release,
      nearest,
    });
  }
  return { release, layouts };
}

function nearestReleases(q: Release, entries: readonly KernelEvidenceInput[]): string[] {
  const key = (r: Release): number => r.major * 1_000_000 + r.minor * 10_000 + (r.sub ?? 0);
  const known = [...new Set(entries.flatMap((e) => e.kernels.map((k) => k.release)))].flatMap((text) => {
    const r = parseRelease(text);
    return r ? [{ text, distance: Math.abs(key(r) - key(q)) }] : [];
  });
  return known
    .sort((a, b) => a.distance - b.distance || a.text.localeCompare(b.text))
    .slice(0, NEAREST)
    .map((k) => k.text);
}
