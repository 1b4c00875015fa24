import fc from 'fast-check';
import type { StoredEvent } from '../events/events';
import { CATALOG_LAYOUTS, chunks, registryLogArb } from '../../../test/support/registry-log';
import { evolve, foldRegistryState, foldWithChanges } from './evolve';
import type { AliasRow, LayoutFieldRow, LayoutRow, LineageRow, PolicyRow, ReadRows, ReservedRow } from './read-rows';
import { fieldRows, layoutFromRows, layoutRow, lineageFromRow, readRows } from './read-rows';
import type { RegistryState } from './registry-state';
import { initialRegistryState } from './registry-state';
import { rowWrites } from './row-writes';
import { workingSet, workingSetKeys } from './working-set';

// The one fold of the log, checked along every path that must agree: the write side's
// event-by-event evolve, the rebuild's fold of the whole log, and the live projector's folds of
// each append onto the few rows it loads.

let position = 0;
function stored(event: Pick<StoredEvent, 'type' | 'data'>, stream = 's'): StoredEvent {
  position += 1;
  return { ...event, position, stream, version: position, metadata: {}, recordedAt: '2026-11-26T00:00:00.000Z', hash: 'h' } as StoredEvent;
}

const registered = (name: string): StoredEvent =>
  stored({
    type: 'LayoutRegistered',
    data: {
      name,
      revision: '0x00000001',
      size: 4096,
      fingerprint: 'sha256:1',
      format: 'json',
      source: '{}',
      fields: [{ name: 'hdr', type: 'u32', count: 1, offset: 0, size: 4, role: 'header', bitfields: [{ name: 'revision_id', bits: 31 }] }],
    },
  } as Pick<StoredEvent, 'type' | 'data'>);

// The read-model tables in memory, written the way the live projector writes Postgres: load
// the working set, fold, write rowWrites (an insert of an existing name fails like the key).
interface Tables {
  layouts: Map<string, LayoutRow>;
  fields: Map<string, LayoutFieldRow[]>;
  lineages: Map<string, LineageRow>;
  aliases: Map<string, AliasRow>;
  reserved: Map<string, ReservedRow>;
  policy: PolicyRow | null;
  position: number;
}

const emptyTables = (): Tables => ({ layouts: new Map(), fields: new Map(), lineages: new Map(), aliases: new Map(), reserved: new Map(), policy: null, position: 0 });

function projectAppend(t: Tables, events: StoredEvent[]): void {
  const keys = workingSetKeys(events);
  const layouts = [...keys.layouts].flatMap((name) => {
    const row = t.layouts.get(name);
    return row ? [layoutFromRows(row, t.fields.get(name) ?? [])] : [];
  });
  const lineages = [...keys.lineages].flatMap((name) => {
    const row = t.lineages.get(name);
    return row ? [lineageFromRow(row)] : [];
  });
  const { state, changes } = foldWithChanges(events, workingSet(layouts, lineages));
  const w = rowWrites(state, changes);
  for (const { layout, fields } of w.created) {
    if (t.layouts.has(layout.name)) {
      throw new Error(`duplicate key ${layout.name}`);
    }
    t.layouts.set(layout.name, layout);
    t.fields.set(layout.name, fields);
  }
  w.updated.forEach((row) => t.layouts.set(row.name, row));
  w.aliases.forEach((row) => t.aliases.set(row.from, row));
  w.lineages.forEach((row) => t.lineages.set(row.name, row));
  w.reserved.forEach((row) => t.reserved.set(row.name, row));
  t.policy = w.policy ?? t.policy;
  t.position = events.at(-1)?.position ?? t.position;
}

// Rows as a database holds them: a set per table (order is the queries' business).
function asTables(rows: ReadRows): Record<string, unknown> {
  const byKey = <T>(items: T[], key: (item: T) => string): T[] => [...items].sort((a, b) => key(a).localeCompare(key(b)));
  return {
    layouts: byKey(rows.layouts, (r) => r.name),
    fields: byKey(rows.fields, (r) => `${r.layoutName}\u0000${String(r.ordinal).padStart(5, '0')}`),
    lineages: byKey(rows.lineages, (r) => r.name),
    aliases: byKey(rows.aliases, (r) => r.from),
    reserved: byKey(rows.reserved, (r) => r.name),
    policy: rows.policy,
    position: rows.position,
  };
}

function tableRows(t: Tables): ReadRows {
  return {
    layouts: [...t.layouts.values()],
    fields: [...t.fields.values()].flat(),
    lineages: [...t.lineages.values()],
    aliases: [...t.aliases.values()],
    reserved: [...t.reserved.values()],
    policy: t.policy,
    position: t.position,
  };
}

// What the write side decides on, beyond the rows: lineage members and stream versions.
function writeSide(state: RegistryState): unknown {
  return { rows: readRows(state), lineages: [...state.lineages.values()].map((l) => [l.name, l.layouts]), streams: [...state.streams].sort() };
}

describe('the fold', () => {
  beforeEach(() => {
    position = 0;
  });

  it('makes a layout row and its field rows, with SQL NULL for absent optional columns', () => {
    const { state, changes } = foldWithChanges([registered('a')]);
    expect(changes).toEqual([{ kind: 'layout-created', name: 'a' }, { kind: 'lineage', name: 'mainline' }]);
    const rows = readRows(state);
    expect(rows.layouts[0]).toMatchObject({ position: 1, provenance: null, imported: false, deprecated: false, annotations: {}, updatedPosition: 1, lineage: 'mainline' });
    expect(rows.fields).toEqual([
      { layoutName: 'a', ordinal: 0, name: 'hdr', type: 'u32', count: 1, offset: 0, size: 4, role: 'header', bitfields: [{ name: 'revision_id', bits: 31 }], line: null, column: null },
    ]);
    expect(rows.lineages).toEqual([{ name: 'mainline', branchesFrom: null, position: 1, policy: null, updatedPosition: 1, layouts: ['a'] }]);
    expect(rows.policy).toBeNull();
  });

  it('updates deprecation and merged annotations, stamping the position', () => {
    const first = foldWithChanges([registered('a'), stored({ type: 'LayoutAnnotated', data: { name: 'a', kernel: '5.0', notes: 'n' } })]).state;
    const { state, changes } = foldWithChanges(
      [stored({ type: 'LayoutAnnotated', data: { name: 'a', notes: 'm' } }), stored({ type: 'LayoutDeprecated', data: { name: 'a', reason: 'r' } })],
      first,
    );
    expect(changes).toEqual([{ kind: 'layout-updated', name: 'a' }, { kind: 'layout-updated', name: 'a' }]);
    expect(readRows(state).layouts[0]).toMatchObject({ annotations: { kernel: '5.0', notes: 'm' }, deprecated: true, deprecationReason: 'r', updatedPosition: 4 });
    expect(state.position).toBe(4);
    expect(readRows(first).layouts[0]).toMatchObject({ annotations: { kernel: '5.0', notes: 'n' }, deprecated: false, updatedPosition: 2 });
  });

  it('changes nothing for a layout it does not hold, like an UPDATE matching no row', () => {
    const { state, changes } = foldWithChanges([stored({ type: 'LayoutDeprecated', data: { name: 'zz', reason: 'r' } })]);
    expect(changes).toEqual([]);
    expect(state.layouts.size).toBe(0);
    expect(state.position).toBe(1);
  });

  it('keeps the first registration of a name, and the rows refuse a second like the primary key', () => {
    const { state, changes } = foldWithChanges([registered('a'), registered('a')]);
    expect(changes.at(-1)).toEqual({ kind: 'duplicate-layout', name: 'a', position: 2 });
    expect(state.layouts.get('a')?.position).toBe(1);
    expect(() => rowWrites(state, changes)).toThrow('read model: layout a is already registered (position 2)');
  });

  it('refuses a lineage policy for a lineage the working set lacks, which the write side skips', () => {
    const event = stored({ type: 'LineagePolicyChanged', data: { lineage: 'nope', policy: null } });
    const { state, changes } = foldWithChanges([event]);
    expect(state.lineages.size).toBe(0);
    expect(() => rowWrites(state, changes)).toThrow('projector: a changed row is missing from the working set');
  });

  it('keeps the latest alias per old name and the latest policy, with its position', () => {
    const { state } = foldWithChanges([
      stored({ type: 'FieldAliasDeclared', data: { from: 'a', to: 'b' } }),
      stored({ type: 'PolicyChanged', data: { mode: 'full', transitive: true, sameRevision: 'any' } }),
    ]);
    const rows = readRows(state);
    expect(rows.aliases).toEqual([{ from: 'a', to: 'b', position: 1 }]);
    expect(rows.policy).toEqual({ mode: 'full', transitive: true, sameRevision: 'any', position: 2 });
  });

  it('never changes the state it folds onto', () => {
    const before = foldRegistryState([registered('a')]);
    const snapshot = writeSide(before);
    evolve(before, stored({ type: 'LayoutDeprecated', data: { name: 'a', reason: 'r' } }));
    foldRegistryState([registered('b'), stored({ type: 'FieldAliasDeclared', data: { from: 'x', to: 'y' } })], before);
    expect(writeSide(before)).toEqual(snapshot);
  });

  it('registers the whole catalog into rows that read back as the same layouts', () => {
    const log = CATALOG_LAYOUTS.map((data, i) => ({ type: 'LayoutRegistered', data, position: i + 1, stream: `layout-${data.name}`, version: 1, metadata: {}, recordedAt: '2026-11-26T00:00:00.000Z', hash: 'h' }) as StoredEvent);
    const state = foldRegistryState(log);
    expect(state.layouts.size).toBe(CATALOG_LAYOUTS.length);
    for (const layout of state.layouts.values()) {
      const back = layoutFromRows(layoutRow(layout), fieldRows(layout));
      expect([layoutRow(back), fieldRows(back)]).toEqual([layoutRow(layout), fieldRows(layout)]);
      expect(back.registered.fields).toEqual(layout.registered.fields);
    }
  });
});

describe('every path through the fold agrees (random logs over the catalog)', () => {
  it('event by event (the write side) equals the whole log at once (the rebuild)', () => {
    fc.assert(
      fc.property(registryLogArb, (log) => {
        const stepwise = log.reduce(evolve, initialRegistryState());
        expect(writeSide(stepwise)).toEqual(writeSide(foldRegistryState(log)));
      }),
      { numRuns: 150 },
    );
  });

  it('appends projected onto the rows they load (the live projector) equal the rows of the whole fold', () => {
    fc.assert(
      fc.property(registryLogArb, fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 8 }), (log, sizes) => {
        const tables = emptyTables();
        chunks(log, sizes).forEach((append) => projectAppend(tables, append));
        expect(asTables(tableRows(tables))).toEqual(asTables(readRows(foldRegistryState(log))));
      }),
      { numRuns: 150 },
    );
  });

  it('a layout read back from its rows gives the same rows and the same lineage members', () => {
    fc.assert(
      fc.property(registryLogArb, (log) => {
        const state = foldRegistryState(log);
        const rows = readRows(state);
        for (const layout of state.layouts.values()) {
          const back = layoutFromRows(layoutRow(layout), fieldRows(layout));
          expect([layoutRow(back), fieldRows(back)]).toEqual([layoutRow(layout), fieldRows(layout)]);
        }
        for (const lineage of state.lineages.values()) {
          const members = rows.layouts.filter((l) => l.lineage === lineage.name).map((l) => l.name);
          expect(members).toEqual(lineage.layouts);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('a lineage keeps history order', () => {
  const withData = (event: StoredEvent, extra: object): StoredEvent => ({ ...event, data: { ...event.data, ...extra } }) as StoredEvent;

  it('puts a catalog layout imported late before the layout it precedes, so the head stays; otherwise registration order', () => {
    const log = [
      registered('h-a'),
      registered('h-c'),
      withData(registered('h-b'), { imported: true, precedes: 'h-c' }),
      withData(registered('h-d'), { imported: true, precedes: 'not-registered' }),
    ];
    const state = foldRegistryState(log);
    expect(state.lineages.get('mainline')?.layouts).toEqual(['h-a', 'h-b', 'h-c', 'h-d']);
    // The rows say the same, built at once or append by append.
    const tables = emptyTables();
    log.forEach((event) => projectAppend(tables, [event]));
    expect(tables.lineages.get('mainline')?.layouts).toEqual(['h-a', 'h-b', 'h-c', 'h-d']);
    expect(readRows(state).lineages.find((l) => l.name === 'mainline')?.layouts).toEqual(['h-a', 'h-b', 'h-c', 'h-d']);
  });
});
