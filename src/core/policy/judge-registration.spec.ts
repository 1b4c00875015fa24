import { catalogLayout } from '../../../test/support/shared-layouts';
import { packLayout } from '../../../test/support/layout-factory';
import { compareLayouts } from '../compat/compare-layouts';
import { decide, type RegistryCommand } from '../events/decide';
import type { RegistryEvent, StoredEvent } from '../events/events';
import { evolve } from '../projections/evolve';
import { initialRegistryState, type RegistryState } from '../projections/registry-state';
import { fingerprint } from '../layouts/fingerprint';
import type { Layout } from '../layouts/layout';
import { registrationGate } from '../registry/registration-gate';
import { toRegisteredData } from '../registry/registration-data';
import { judgeRegistration, type Judgement } from './judge-registration';
import { referencesOf } from './references';

// Given events / when a layout is judged / then the verdict: the registry is built through
// decide and evolve, exactly as the service builds it.

interface Step {
  name: string;
  layout: Layout;
  lineage?: string;
  branchesFrom?: string | null;
  imported?: boolean;
}

function given(steps: readonly (Step | RegistryCommand)[]): RegistryState {
  let state = initialRegistryState();
  const versions = new Map<string, number>();
  for (const step of steps) {
    const command: RegistryCommand =
      'type' in step
        ? step
        : { type: 'RegisterLayout', data: toRegisteredData({ name: step.name, format: 'json', source: '{}', layout: step.layout, imported: step.imported ?? true, ...lineageOf(step) }) };
    const decision = decide(command, state, { gate: registrationGate });
    for (const event of decision.events) {
      const version = (versions.get(decision.stream) ?? 0) + 1;
      versions.set(decision.stream, version);
      const stored = { ...(event as RegistryEvent), stream: decision.stream, version, position: state.position + 1, metadata: {}, recordedAt: '2026-11-29T00:00:00.000Z', hash: 'h' } as StoredEvent;
      state = evolve(state, stored);
    }
  }
  return state;
}

function lineageOf(step: Step): { lineage?: string; branchesFrom?: string | null } {
  return { ...(step.lineage === undefined ? {} : { lineage: step.lineage }), ...(step.branchesFrom === undefined ? {} : { branchesFrom: step.branchesFrom }) };
}

function judge(state: RegistryState, layout: Layout, lineage = 'mainline', branchesFrom: string | null = 'mainline'): Judgement {
  const own = state.lineages.get(lineage);
  return judgeRegistration({ name: 'candidate', lineage, branchesFrom: own ? own.branchesFrom : branchesFrom, layout, fingerprint: fingerprint(layout) }, state);
}

const refs = (j: Judgement): string[] => j.findings.map((g) => g.reference);
const u64 = (name: string) => ({ name, type: 'u64' as const, count: 1 });
const pad = (count: number) => ({ name: 'padding64', type: 'u64' as const, count, padding: true });
const DEAD_SPACE: RegistryCommand = { type: 'DeclareReserved', data: { name: 'dead_space', reason: 'cr3_target_value0..3, no longer used' } };

describe('the registration gate per lineage', () => {
  // a, b, then two slots of reserved bytes: the kernel's way to grow is into those.
  const m1 = packLayout([u64('a'), u64('b'), pad(2)]);
  const m2 = packLayout([u64('a'), u64('b'), u64('c'), pad(1)]);

  it('judges against the head of its lineage only: a conflict with an older layout is history', () => {
    const older = packLayout([u64('b'), u64('a'), pad(2)]); // a and b swapped, same revision
    const state = given([{ name: 'older', layout: older }, { name: 'm1', layout: m1 }]);
    expect(judge(state, m2)).toMatchObject({ accepted: true, references: [{ name: 'm1', lineage: 'mainline' }], findings: [] });
  });

  it('follows the kernel rule: reference fields stay; new fields only in reserved bytes or past the used bytes', () => {
    const state = given([{ name: 'm1', layout: m1 }]);
    expect(judge(state, packLayout([u64('a'), u64('b'), pad(2), u64('tail')])).accepted).toBe(true);
    const moved = judge(state, packLayout([u64('b'), u64('a'), pad(2)]));
    expect(moved.accepted).toBe(false);
    expect(refs(moved)).toEqual(['m1']);
    expect(moved.findings[0]?.findings.every((f) => f.rule === 'REVISION_CONFLICT' && f.check === 'sameRevision')).toBe(true);
    expect(moved.hint).toContain('past the used bytes (from 20)');
    const removed = judge(state, packLayout([u64('a')], undefined, 24));
    expect(removed.findings[0]?.findings.map((f) => `${f.rule}:${f.field}`)).toEqual(['FIELD_REMOVED:b']);
  });

  it('retires a field into reserved bytes under the kernel rule: lost, never a conflict', () => {
    const old = packLayout([u64('a'), u64('cr3_target'), pad(2)]);
    const renamed = packLayout([u64('a'), u64('dead_space'), pad(2)]);
    expect(judge(given([{ name: 'old', layout: old }]), renamed).accepted).toBe(false); // a rename of the same bytes
    const state = given([DEAD_SPACE, { name: 'old', layout: old }]);
    const j = judge(state, renamed);
    expect(j.accepted).toBe(true);
    expect(compareLayouts(old, renamed, { reserved: new Set(['dead_space']) }).retired.map((f) => f.name)).toEqual(['cr3_target']);
    // mode backward counts a retirement as a loss, as the contract says
    const strict = given([DEAD_SPACE, { name: 'old', layout: old }, { type: 'SetPolicy', data: { mode: 'backward', transitive: false, sameRevision: 'in-place' } }]);
    expect(judge(strict, renamed).findings[0]?.findings.map((f) => `${f.check}:${f.rule}:${f.field}`)).toEqual(['backward:FIELD_RETIRED:cr3_target']);
  });

  it('the catalog: 4.19 → the newest mainline has no conflict and retires exactly cr3_target_value0..3 once dead_space is reserved', () => {
    const r = compareLayouts(catalogLayout('linux-v4.19-hdr'), catalogLayout('linux-tsc-multiplier'), { reserved: new Set(['dead_space']) });
    expect(r.revisionConflict).toBe(false);
    expect(r.retired.map((f) => f.name)).toEqual(['cr3_target_value0', 'cr3_target_value1', 'cr3_target_value2', 'cr3_target_value3']);
    expect(compareLayouts(catalogLayout('linux-v4.19-hdr'), catalogLayout('linux-tsc-multiplier')).revisionConflict).toBe(true);
  });

  it('a registered fingerprint is always accepted under a new name, with sameAs, whatever the policy', () => {
    const swapped = packLayout([u64('b'), u64('a'), pad(2)]);
    const state = given([
      { name: 'swapped', layout: swapped, lineage: 'vendor', branchesFrom: null },
      { name: 'm1', layout: m1 },
      { type: 'SetPolicy', data: { mode: 'full', transitive: true, sameRevision: 'in-place-all' } },
    ]);
    expect(judge(state, swapped)).toMatchObject({ accepted: true, sameAs: ['swapped'], findings: [] });
    expect(judge(state, packLayout([u64('b'), u64('a'), pad(1), u64('x')])).accepted).toBe(false);
  });

  it('the first layout of a new lineage is judged against the head of the lineage it branches from; none for null', () => {
    const shifted = packLayout([u64('x'), u64('a'), u64('b'), pad(2)]);
    const state = given([{ name: 'm1', layout: m1 }, { name: 'm2', layout: m2 }]);
    const branching = judge(state, shifted, 'fred', 'mainline');
    expect(branching.accepted).toBe(false);
    expect(refs(branching)).toEqual(['m2']);
    expect(judge(state, shifted, 'other-format', null)).toMatchObject({ accepted: true, references: [] });
  });

  it('transitive: every layout of the lineage, then those of its parent registered before the branch point', () => {
    const state = given([
      { name: 'm1', layout: m1 },
      { name: 'x1', layout: m1, lineage: 'x' },
      { name: 'm2', layout: m2 },
      { name: 'y1', layout: m2, lineage: 'y', branchesFrom: 'x' },
      { name: 'x2', layout: m2, lineage: 'x' },
    ]);
    const names = (lineage: string, branchesFrom: string | null, transitive: boolean) => referencesOf(lineage, branchesFrom, state, transitive).map((r) => r.name);
    expect(names('x', 'mainline', false)).toEqual(['x2']);
    expect(names('x', 'mainline', true)).toEqual(['x2', 'x1', 'm1']); // m2 came after x branched
    expect(names('y', 'x', true)).toEqual(['y1', 'x1', 'm1']); // x2 came after y branched
    expect(names('z', 'y', false)).toEqual(['y1']);
    expect(names('z', 'y', true)).toEqual(['y1', 'x1', 'm1']);
    expect(names('mainline', null, true)).toEqual(['m2', 'm1']);
  });

  it('a transitive, backward policy refuses a loss against an earlier layout of the lineage, naming it', () => {
    const lost = packLayout([u64('b'), u64('c'), pad(1)]);
    const state = given([
      { name: 'first', layout: packLayout([u64('a'), u64('b'), u64('c'), pad(1)], 2) },
      { name: 'second', layout: packLayout([u64('b'), u64('c'), pad(2)], 3) },
      { type: 'SetPolicy', data: { mode: 'backward', transitive: false, sameRevision: 'in-place' } },
    ]);
    expect(judge(state, lost).findings).toEqual([]);
    const transitive = given([
      { name: 'first', layout: packLayout([u64('a'), u64('b'), u64('c'), pad(1)], 2) },
      { name: 'second', layout: packLayout([u64('b'), u64('c'), pad(2)], 3) },
      { type: 'SetPolicy', data: { mode: 'backward', transitive: true, sameRevision: 'in-place' } },
    ]);
    const j = judge(transitive, lost);
    expect(refs(j)).toEqual(['first']);
    expect(j.findings[0]?.findings.map((f) => `${f.check}:${f.rule}:${f.field}`)).toEqual(['backward:FIELD_REMOVED:a']);
    expect(j.hint).toContain('PUT /lineages/mainline/policy');
  });

  it('warns, naming the lineage, field and offset, when a new field takes bytes another lineage uses', () => {
    const state = given([
      { name: 'm1', layout: m1 },
      { name: 'lbr', layout: packLayout([u64('a'), u64('b'), u64('guest_lbr_ctl'), pad(1)]), lineage: 'lbr' },
      { name: 'old-other', layout: packLayout([u64('b'), u64('a'), pad(2)]), lineage: 'old', branchesFrom: null },
    ]);
    const j = judge(state, m2);
    expect(j.accepted).toBe(true);
    // Only what m2 adds: `old` conflicts with mainline since long ago, and that is no news.
    expect(j.warnings.map((w) => `${w.lineage}:${w.against}:${w.heldBy}@${w.fromOffset}->${w.field}@${w.toOffset}`)).toEqual(['lbr:lbr:guest_lbr_ctl@20->c@20']);
    expect(j.warnings[0]?.message).toBe('offset 20 holds guest_lbr_ctl in lineage lbr (lbr); here c (at 20) uses those bytes');
  });

  it('per-lineage overrides: the lineage policy wins over the global one, null returns to it', () => {
    const swapped = packLayout([u64('b'), u64('a'), pad(2)]);
    const base: (Step | RegistryCommand)[] = [{ name: 'm1', layout: m1 }];
    expect(judge(given(base), swapped).accepted).toBe(false);
    const any: RegistryCommand = { type: 'SetLineagePolicy', data: { lineage: 'mainline', policy: { mode: 'none', transitive: false, sameRevision: 'any' } } };
    expect(judge(given([...base, any]), swapped).accepted).toBe(true);
    expect(judge(given([...base, any, { type: 'SetLineagePolicy', data: { lineage: 'mainline', policy: null } }]), swapped).accepted).toBe(false);
  });
});
