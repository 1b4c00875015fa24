import type { LineageView } from '../../contract/views';
import type { LineageRow } from '../../core/projections/read-rows';
import type { CurrentPolicy } from '../../infra/projections/registry-read-model';

// GET /lineages/:name (API.md "Lineages") from the read-model rows: its override, and the
// policy that applies either way.
export function lineageView(row: LineageRow, global: CurrentPolicy): LineageView {
  const { position: _p, ...globalPolicy } = global;
  return {
    name: row.name,
    branchesFrom: row.branchesFrom,
    layouts: row.layouts,
    latest: row.layouts.at(-1) ?? null,
    policy: row.policy,
    effectivePolicy: row.policy ?? globalPolicy,
    position: row.position,
  };
}
