import fc from 'fast-check';
import { evolve, foldRegistryState } from '../../core/projections/evolve';
import { layoutFromRows, readRows } from '../../core/projections/read-rows';
import { initialRegistryState } from '../../core/projections/registry-state';
import { withReserved } from '../../core/layouts/reserved';
import { layoutFromRegistration } from '../../core/registry/registration-data';
import { registryLogArb } from '../../../test/support/registry-log';
import { LayoutCache } from './layout-cache';

// The write side's layout cache is fed the folded state after every event (the feed follower
// adopts evolve's result); what it serves compatibility and conversion must be what the read
// models say of the same log.
describe('LayoutCache', () => {
  it('holds, event by event, the layouts, renames and reserved names of the read models', () => {
    fc.assert(
      fc.property(registryLogArb, (log) => {
        const cache = new LayoutCache();
        let state = initialRegistryState();
        for (const event of log) {
          state = evolve(state, event);
          cache.update(state);
        }
        const rows = readRows(foldRegistryState(log));
        const reserved = new Set(rows.reserved.map((r) => r.name));
        expect(cache.names()).toEqual(rows.layouts.map((l) => l.name));
        for (const row of rows.layouts) {
          const fields = rows.fields.filter((f) => f.layoutName === row.name);
          const cached = cache.require(row.name);
          expect(cached.fingerprint).toBe(row.fingerprint);
          expect(cached.layout).toEqual(withReserved(layoutFromRegistration(layoutFromRows(row, fields).registered), reserved));
        }
        expect(new Map(cache.aliases)).toEqual(new Map(rows.aliases.map((a) => [a.from, a.to])));
        expect(cache.compat().verdicts().layouts).toEqual(cache.names());
      }),
      { numRuns: 60 },
    );
  });
});
