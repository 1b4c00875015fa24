import type { RegistryState } from '../projections/registry-state';

export interface Reference {
  name: string;
  lineage: string;
}

// What a new layout of `lineage` is judged against, newest first: the lineage's latest layout,
// or for its first layout the latest of the lineage it branches from (none when it branches
// from nothing). Transitive: every layout of the lineage, then those of each lineage it
// branches from that were registered before the branch point.
export function referencesOf(lineage: string, branchesFrom: string | null, state: RegistryState, transitive: boolean): Reference[] {
  const out: Reference[] = [];
  const positionOf = (name: string): number => state.layouts.get(name)?.position ?? Number.POSITIVE_INFINITY;
  const own = state.lineages.get(lineage);
  let current: string | null = own && own.layouts.length > 0 ? own.branchesFrom : branchesFrom;
  let before = Number.POSITIVE_INFINITY;
  if (own && own.layouts.length > 0) {
    out.push(...[...own.layouts].reverse().map((name) => ({ name, lineage })));
    before = positionOf(own.layouts[0] as string);
  }
  const seen = new Set<string>([lineage]);
  while (current !== null && !seen.has(current) && (transitive || out.length === 0)) {
    seen.add(current);
    const parent = state.lineages.get(current);
    if (!parent) {
      break;
    }
    const name: string = parent.name;
    out.push(
      ...parent.layouts
        .filter((n) => positionOf(n) < before)
        .reverse()
        .map((n) => ({ name: n, lineage: name })),
    );
    before = parent.layouts[0] === undefined ? before : positionOf(parent.layouts[0]);
    current = parent.branchesFrom;
  }
  return transitive ? out : out.slice(0, 1);
}
