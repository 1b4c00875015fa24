import type { Provenance } from '../events/events';
import { formatIdList, isLayoutFormatId, type LayoutFormatId } from '../formats/layout-formats';
import { LAYOUT_NAME_PATTERN } from '../names';

// catalog/index.json: which file holds each historical layout, in history order, with its
// lineage and the kernel releases known to use it. Checked whole before any file is read, so a
// bad entry is named (index and layout name) instead of surfacing later as a wrong import.

export type CatalogFormat = LayoutFormatId;

// One release known to use a layout, and why we know: a tree + commit + path, a distro package
// with its version, a Makefile read at the commit. A repository's name is not evidence.
export interface KernelEvidence {
  release: string; // "6.12.117", "4.14", "6.17-rc3"
  evidence: string;
}

export interface IndexEntry {
  name: string;
  file: string;
  format: CatalogFormat;
  lineage: string;
  // Only on the first entry of a lineage: the lineage it branches from, null for none.
  branchesFrom?: string | null;
  kernels: KernelEvidence[];
  provenance: Provenance;
}

export const MAINLINE = 'mainline';
const RELEASE = /^[1-9][0-9]*\.[0-9]+(\.[0-9]+)?(-rc[1-9][0-9]*)?$/;
const MIN_EVIDENCE = 20; // long enough to name a tree and commit or a package and version
const KEYS = new Set(['name', 'file', 'format', 'lineage', 'branchesFrom', 'kernels', 'provenance']);

export function parseIndex(doc: unknown, where: string): IndexEntry[] {
  const layouts = isObject(doc) ? doc.layouts : undefined;
  if (!Array.isArray(layouts)) {
    throw new Error(`${where}: "layouts" must be an array`);
  }
  const names = new Set<string>();
  const lineages = new Set<string>();
  return layouts.map((raw: unknown, i: number) => {
    const at = `${where}: layouts[${i}]${isObject(raw) && typeof raw.name === 'string' ? ` (${raw.name})` : ''}`;
    const problem = entryProblem(raw, names, lineages);
    if (problem !== undefined) {
      throw new Error(`${at}: ${problem}`);
    }
    const e = raw as unknown as IndexEntry;
    names.add(e.name);
    lineages.add(e.lineage);
    return e;
  });
}

function entryProblem(raw: unknown, names: Set<string>, lineages: Set<string>): string | undefined {
  if (!isObject(raw)) {
    return 'must be an object';
  }
  const unknown = Object.keys(raw).filter((k) => !KEYS.has(k));
  if (unknown.length > 0) {
    return `unknown key ${unknown.map((k) => `"${k}"`).join(', ')}`;
  }
  if (typeof raw.name !== 'string' || !LAYOUT_NAME_PATTERN.test(raw.name)) {
    return `name must be a slug ${LAYOUT_NAME_PATTERN.source.slice(1, -1)}`; // the pattern without ^ $
  }
  if (names.has(raw.name)) {
    return `name ${raw.name} is used by an earlier entry`;
  }
  if (typeof raw.file !== 'string' || raw.file === '') {
    return 'file must name the layout file';
  }
  if (!isLayoutFormatId(raw.format)) {
    return `format must be ${formatIdList()}`;
  }
  if (!isObject(raw.provenance)) {
    return 'provenance must be an object';
  }
  return lineageProblem(raw, lineages) ?? kernelsProblem(raw.kernels);
}

function lineageProblem(raw: Record<string, unknown>, lineages: Set<string>): string | undefined {
  const lineage = raw.lineage;
  if (typeof lineage !== 'string' || !LAYOUT_NAME_PATTERN.test(lineage)) {
    return 'lineage must be a slug (mainline for upstream and distro kernels carrying upstream KVM)';
  }
  const provenance = raw.provenance as Provenance;
  if (provenance.mainline !== (lineage === MAINLINE)) {
    return `provenance.mainline must be ${lineage === MAINLINE} in lineage ${lineage}`;
  }
  const first = !lineages.has(lineage);
  if (!first) {
    return 'branchesFrom' in raw ? `branchesFrom belongs on the first entry of lineage ${lineage} only` : undefined;
  }
  const from = raw.branchesFrom;
  if (lineage === MAINLINE) {
    return from === undefined || from === null ? undefined : 'mainline branches from nothing: leave branchesFrom out';
  }
  if (from === undefined) {
    return `the first entry of lineage ${lineage} must say what it branchesFrom (a lineage listed earlier, or null)`;
  }
  if (from !== null && (typeof from !== 'string' || !lineages.has(from))) {
    return `branchesFrom ${JSON.stringify(from)} is not a lineage of an earlier entry`;
  }
  return undefined;
}

function kernelsProblem(kernels: unknown): string | undefined {
  if (!Array.isArray(kernels)) {
    return 'kernels must be an array (empty when no release is known)';
  }
  const seen = new Set<string>();
  for (const [j, k] of kernels.entries()) {
    if (!isObject(k) || Object.keys(k).some((key) => key !== 'release' && key !== 'evidence')) {
      return `kernels[${j}] must be {release, evidence}`;
    }
    if (typeof k.release !== 'string' || !RELEASE.test(k.release)) {
      return `kernels[${j}].release must be a release like 6.12, 4.14.336 or 6.17-rc3`;
    }
    if (seen.has(k.release)) {
      return `kernels[${j}]: release ${k.release} is listed twice`;
    }
    seen.add(k.release);
    if (typeof k.evidence !== 'string' || k.evidence.trim().length < MIN_EVIDENCE) {
      return `kernels[${j}] (${k.release}) needs its evidence: a tree, commit and path, a distro package and version, or a Makefile read`;
    }
  }
  return undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
