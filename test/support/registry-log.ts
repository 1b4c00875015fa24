import fc from 'fast-check';
import { catalogHistory } from '../../src/core/catalog/catalog-history';
import type { LayoutRegisteredData, PolicyChangedData, RegistryEvent, StoredEvent } from '../../src/core/events/events';
import { ALIASES_STREAM, POLICY_STREAM, RESERVED_STREAM, layoutStream, lineageOf, lineageStream } from '../../src/core/events/events';

// Random registry logs for the fold's properties: the built-in catalog's layouts registered
// in any order into a few lineages, then deprecated, annotated, renamed, reserved and governed
// at random, as decide would append them (no name twice, lineage policies only for lineages
// that exist). Streams, versions and positions are assigned like the store assigns them.

export const CATALOG_LAYOUTS: LayoutRegisteredData[] = catalogHistory().flatMap((h) => (h.command.type === 'RegisterLayout' ? [h.command.data] : []));

const LINEAGES = ['mainline', 'vendor', 'evmcs'] as const;
const FIELDS = ['guest_rip', 'vmcs_link_pointer', 'guest_pml_index', 'abort'] as const;

const policyArb: fc.Arbitrary<PolicyChangedData> = fc.record({
  mode: fc.constantFrom('none' as const, 'backward' as const, 'forward' as const, 'full' as const),
  transitive: fc.boolean(),
  sameRevision: fc.constantFrom('in-place' as const, 'in-place-all' as const, 'any' as const),
});

const layoutIndex = fc.nat({ max: CATALOG_LAYOUTS.length - 1 });
const text = fc.constantFrom('a', 'b', 'superseded', '5.10', '');

type Op =
  | { op: 'register'; i: number; lineage: (typeof LINEAGES)[number]; branchesFrom: 'mainline' | null | undefined; imported: boolean }
  | { op: 'deprecate'; i: number; reason: string }
  | { op: 'annotate'; i: number; kernel?: string; commit?: string; notes?: string }
  | { op: 'alias'; from: string; to: string }
  | { op: 'policy'; policy: PolicyChangedData }
  | { op: 'lineage-policy'; lineage: string; policy: PolicyChangedData | null }
  | { op: 'reserve'; name: string; reason: string };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('register' as const), i: layoutIndex, lineage: fc.constantFrom(...LINEAGES), branchesFrom: fc.constantFrom('mainline' as const, null, undefined), imported: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deprecate' as const), i: layoutIndex, reason: text }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('annotate' as const), i: layoutIndex, kernel: text, commit: text, notes: text }, { requiredKeys: ['op', 'i'] }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('alias' as const), from: fc.constantFrom(...FIELDS), to: fc.constantFrom('x', 'y') }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('policy' as const), policy: policyArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('lineage-policy' as const), lineage: fc.constantFrom(...LINEAGES), policy: fc.option(policyArb, { nil: null }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('reserve' as const), name: fc.constantFrom(...FIELDS), reason: text }) },
);

export const registryLogArb: fc.Arbitrary<StoredEvent[]> = fc.array(opArb, { maxLength: 60 }).map(toLog);

export function toLog(ops: readonly Op[]): StoredEvent[] {
  const log: StoredEvent[] = [];
  const versions = new Map<string, number>();
  const names = new Set<string>();
  const lineages = new Set<string>();
  const append = (stream: string, event: RegistryEvent): void => {
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    const position = log.length + 1;
    const recordedAt = new Date(Date.UTC(2026, 0, 1) + position * 1000).toISOString();
    log.push({ ...event, position, stream, version, metadata: {}, recordedAt, hash: `h${position}` } as StoredEvent);
  };
  for (const o of ops) {
    switch (o.op) {
      case 'register': {
        const base = CATALOG_LAYOUTS[o.i] as LayoutRegisteredData;
        if (names.has(base.name)) {
          break;
        }
        const { branchesFrom: _b, lineage: _l, imported: _i, ...rest } = base;
        const data: LayoutRegisteredData = { ...rest, lineage: o.lineage, ...(o.imported ? { imported: true } : {}) };
        if (!lineages.has(o.lineage)) {
          data.branchesFrom = o.lineage === 'mainline' ? null : (o.branchesFrom ?? null);
        }
        names.add(base.name);
        lineages.add(lineageOf(data));
        append(layoutStream(base.name), { type: 'LayoutRegistered', data });
        break;
      }
      case 'deprecate':
      case 'annotate': {
        // Sometimes about a layout not registered (yet): the fold skips those.
        const name = (CATALOG_LAYOUTS[o.i] as LayoutRegisteredData).name;
        if (o.op === 'deprecate') {
          append(layoutStream(name), { type: 'LayoutDeprecated', data: { name, reason: o.reason } });
        } else {
          const { op: _op, i: _i, ...notes } = o;
          append(layoutStream(name), { type: 'LayoutAnnotated', data: { name, ...notes } });
        }
        break;
      }
      case 'alias':
        append(ALIASES_STREAM, { type: 'FieldAliasDeclared', data: { from: o.from, to: o.to } });
        break;
      case 'policy':
        append(POLICY_STREAM, { type: 'PolicyChanged', data: o.policy });
        break;
      case 'lineage-policy':
        if (lineages.has(o.lineage)) {
          append(lineageStream(o.lineage), { type: 'LineagePolicyChanged', data: { lineage: o.lineage, policy: o.policy } });
        }
        break;
      case 'reserve':
        append(RESERVED_STREAM, { type: 'ReservedNameDeclared', data: { name: o.name, reason: o.reason } });
        break;
    }
  }
  return log;
}

// A log cut into consecutive appends of 1..4 events, as a live projector receives it.
export function chunks<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const out: T[][] = [];
  let at = 0;
  for (let k = 0; at < items.length; k += 1) {
    const size = sizes.length > 0 ? (sizes[k % sizes.length] as number) : items.length;
    out.push(items.slice(at, at + size));
    at += size;
  }
  return out;
}
