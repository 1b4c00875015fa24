import type { RowChange } from './evolve';
import type { AliasRow, LayoutFieldRow, LayoutRow, LineageRow, PolicyRow, ReservedRow } from './read-rows';
import { aliasRow, fieldRows, layoutRow, lineageRow, policyRow, reservedRow } from './read-rows';
import type { RegistryState } from './registry-state';

// The rows to write after folding events onto a working set (working-set.ts): each changed row
// once, in its final state. A projector persists exactly these, in this order.
export interface RowWrites {
  created: { layout: LayoutRow; fields: LayoutFieldRow[] }[]; // inserts
  updated: LayoutRow[]; // updates of existing layouts
  aliases: AliasRow[]; // the rest are upserts
  lineages: LineageRow[];
  reserved: ReservedRow[];
  policy: PolicyRow | null;
}

export function rowWrites(state: RegistryState, changes: readonly RowChange[]): RowWrites {
  const created = new Set<string>();
  const updated = new Set<string>();
  const lineages = new Set<string>();
  const aliases = new Set<string>();
  const reserved = new Set<string>();
  let policy = false;
  for (const change of changes) {
    switch (change.kind) {
      case 'layout-created':
        created.add(change.name);
        break;
      case 'layout-updated':
        updated.add(change.name);
        break;
      case 'lineage':
        lineages.add(change.name);
        break;
      case 'alias':
        aliases.add(change.from);
        break;
      case 'reserved':
        reserved.add(change.name);
        break;
      case 'policy':
        policy = true;
        break;
      case 'duplicate-layout':
        refuseDuplicate(change);
    }
  }
  return {
    created: [...created].map((name) => {
      const layout = must(state.layouts.get(name));
      return { layout: layoutRow(layout), fields: fieldRows(layout) };
    }),
    // A layout created by these events is inserted in its final state: no update follows.
    updated: [...updated].filter((name) => !created.has(name)).map((name) => layoutRow(must(state.layouts.get(name)))),
    aliases: [...aliases].map((from) => must(aliasRow(state, from))),
    lineages: [...lineages].map((name) => lineageRow(must(state.lineages.get(name)))),
    reserved: [...reserved].map((name) => must(reservedRow(state, name))),
    policy: policy ? policyRow(state) : null,
  };
}

// A second registration of a name, which the state skips, is refused like the table's primary
// key refuses it (live, the key usually does: a working set holds no layout a registration names).
export function refuseDuplicate(change: RowChange): void {
  if (change.kind === 'duplicate-layout') {
    throw new Error(`read model: layout ${change.name} is already registered (position ${change.position})`);
  }
}

// A lineage policy change for a lineage the state lacks lands here too: it is refused, so the
// append rolls back, rather than recorded for no row.
function must<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('projector: a changed row is missing from the working set');
  }
  return value;
}
