import type { RegistrationGate } from './decide';
import { decide } from './decide';
import type { LayoutRegisteredData, RegistryEvent, StoredEvent } from './events';
import { foldRegistryState } from '../projections/evolve';
import { DEFAULT_POLICY, layoutVersion } from '../projections/registry-state';
import { caught as thrown } from '../../../test/support/caught';

// Given events / when command / then events (Emmett's businessLogic.unit.spec.ts).

const layout = (name: string, fingerprint = 'sha256:aa', extra: Partial<LayoutRegisteredData> = {}): LayoutRegisteredData => ({
  name,
  revision: '0x11e57ed0',
  size: 4096,
  fingerprint,
  format: 'json',
  source: '{}',
  fields: [{ name: 'revision_id', type: 'u32', count: 1, offset: 0, size: 4, role: 'header' }],
  ...extra,
});

function given(...events: { stream: string; event: RegistryEvent }[]) {
  const versions = new Map<string, number>();
  const stored = events.map(({ stream, event }, i): StoredEvent => {
    const version = (versions.get(stream) ?? 0) + 1;
    versions.set(stream, version);
    return { ...event, stream, version, position: i + 1, metadata: {}, recordedAt: '2026-11-26T00:00:00.000Z', hash: 'h' } as StoredEvent;
  });
  return foldRegistryState(stored);
}

const registered = (data: LayoutRegisteredData) => ({ stream: `layout-${data.name}`, event: { type: 'LayoutRegistered', data } as RegistryEvent });
const pass: RegistrationGate = () => ({ ok: true });
const refuse: RegistrationGate = () => ({ ok: false, message: 'backward: P->N is lossy', findings: [{ rule: 'FIELD_REMOVED' }] });


describe('decide RegisterLayout', () => {
  it('registers a new name on a new stream, guarded by the log position the gate saw', () => {
    const state = given(registered(layout('linux-v4.15')));
    expect(decide({ type: 'RegisterLayout', data: layout('linux-v5.0', 'sha256:bb') }, state, { gate: pass })).toEqual({
      stream: 'layout-linux-v5.0',
      expectedVersion: 'no-stream',
      expectedPosition: 1,
      events: [{ type: 'LayoutRegistered', data: layout('linux-v5.0', 'sha256:bb', { lineage: 'mainline' }) }],
      outcome: 'created',
    });
  });

  it('appends nothing for the same name and fingerprint ("existing")', () => {
    const state = given(registered(layout('a')));
    const decision = decide({ type: 'RegisterLayout', data: layout('a', 'sha256:aa', { source: 'other text' }) }, state, { gate: refuse });
    expect(decision).toMatchObject({ events: [], outcome: 'existing' });
  });

  it('refuses the same name with other content as CONFLICT', () => {
    const state = given(registered(layout('a')));
    const err = thrown(() => decide({ type: 'RegisterLayout', data: layout('a', 'sha256:bb') }, state, { gate: pass }));
    expect(err.code).toBe('CONFLICT');
    expect(err.details).toEqual({ name: 'a', fingerprint: 'sha256:aa' });
  });

  it('lets the same content register under another name', () => {
    const state = given(registered(layout('a')));
    expect(decide({ type: 'RegisterLayout', data: layout('b') }, state, { gate: pass }).outcome).toBe('created');
  });

  it('refuses what the gate refuses, with its findings, and shows the gate the registry', () => {
    const state = given(registered(layout('a')), { stream: 'aliases', event: { type: 'FieldAliasDeclared', data: { from: 'x', to: 'y' } } });
    const seen: unknown[] = [];
    const gate: RegistrationGate = (input) => {
      seen.push(input);
      return refuse(input);
    };
    const err = thrown(() => decide({ type: 'RegisterLayout', data: layout('b', 'sha256:bb') }, state, { gate }));
    expect(err.code).toBe('POLICY_VIOLATION');
    expect(err.details).toEqual({ name: 'b', lineage: 'mainline', findings: [{ rule: 'FIELD_REMOVED' }] });
    expect(seen).toEqual([{ candidate: layout('b', 'sha256:bb', { lineage: 'mainline' }), lineage: 'mainline', branchesFrom: null, state }]);
  });

  it('imports catalog history without the gate and without a position guard', () => {
    const decision = decide({ type: 'RegisterLayout', data: layout('c', 'sha256:cc', { imported: true }) }, given(), { gate: refuse });
    expect(decision).toMatchObject({ outcome: 'created', expectedPosition: undefined });
  });

  it('lets only catalog history place a layout before another of its lineage (precedes)', () => {
    const state = given(registered(layout('later')));
    expect(decide({ type: 'RegisterLayout', data: layout('c', 'sha256:cc', { imported: true, precedes: 'later' }) }, state, { gate: pass }).outcome).toBe('created');
    expect(thrown(() => decide({ type: 'RegisterLayout', data: layout('c', 'sha256:cc', { precedes: 'later' }) }, state, { gate: pass })).code).toBe('INVALID_INPUT');
  });

  it('refuses a name that is not a slug', () => {
    expect(thrown(() => decide({ type: 'RegisterLayout', data: layout('Linux 4.15') }, given(), { gate: pass })).code).toBe('INVALID_INPUT');
  });
});

describe('decide DeprecateLayout and AnnotateLayout', () => {
  const state = given(registered(layout('a')));

  it('deprecates at the stream version it read', () => {
    expect(decide({ type: 'DeprecateLayout', data: { name: 'a', reason: 'r' } }, state, { gate: pass })).toEqual({
      stream: 'layout-a',
      expectedVersion: 1,
      events: [{ type: 'LayoutDeprecated', data: { name: 'a', reason: 'r' } }],
      outcome: 'updated',
    });
  });

  it('appends nothing when deprecated again for the same reason, and records a new reason', () => {
    const deprecated = given(registered(layout('a')), { stream: 'layout-a', event: { type: 'LayoutDeprecated', data: { name: 'a', reason: 'r' } } });
    expect(decide({ type: 'DeprecateLayout', data: { name: 'a', reason: 'r' } }, deprecated, { gate: pass }).events).toEqual([]);
    expect(decide({ type: 'DeprecateLayout', data: { name: 'a', reason: 's' } }, deprecated, { gate: pass })).toMatchObject({ expectedVersion: 2, outcome: 'updated' });
  });

  it('answers NOT_FOUND for an unknown layout', () => {
    expect(thrown(() => decide({ type: 'DeprecateLayout', data: { name: 'zz', reason: 'r' } }, state, { gate: pass })).code).toBe('NOT_FOUND');
    expect(thrown(() => decide({ type: 'AnnotateLayout', data: { name: 'zz', notes: 'n' } }, state, { gate: pass })).code).toBe('NOT_FOUND');
  });

  it('merges annotations field by field and skips one that changes nothing', () => {
    const annotated = given(registered(layout('a')), { stream: 'layout-a', event: { type: 'LayoutAnnotated', data: { name: 'a', kernel: '4.15', notes: 'n' } } });
    expect(annotated.layouts.get('a')?.annotations).toEqual({ kernel: '4.15', notes: 'n' });
    expect(decide({ type: 'AnnotateLayout', data: { name: 'a', kernel: '4.15' } }, annotated, { gate: pass }).events).toEqual([]);
    expect(decide({ type: 'AnnotateLayout', data: { name: 'a', commit: 'abc' } }, annotated, { gate: pass })).toMatchObject({ expectedVersion: 2, outcome: 'updated' });
    expect(thrown(() => decide({ type: 'AnnotateLayout', data: { name: 'a' } }, annotated, { gate: pass })).code).toBe('INVALID_INPUT');
  });
});

describe('decide DeclareAlias and SetPolicy', () => {
  const alias = (from: string, to: string) => ({ stream: 'aliases', event: { type: 'FieldAliasDeclared', data: { from, to } } as RegistryEvent });

  it('declares an alias on the aliases stream, once', () => {
    expect(decide({ type: 'DeclareAlias', data: { from: 'a', to: 'b' } }, given(), { gate: pass })).toMatchObject({ stream: 'aliases', expectedVersion: 0, outcome: 'created' });
    const state = given(alias('a', 'b'));
    expect(decide({ type: 'DeclareAlias', data: { from: 'a', to: 'b' } }, state, { gate: pass })).toMatchObject({ events: [], outcome: 'existing' });
    expect(decide({ type: 'DeclareAlias', data: { from: 'c', to: 'd' } }, state, { gate: pass })).toMatchObject({ expectedVersion: 1, outcome: 'updated' });
  });

  it('refuses renaming one field to two names, and a field to itself', () => {
    expect(thrown(() => decide({ type: 'DeclareAlias', data: { from: 'a', to: 'c' } }, given(alias('a', 'b')), { gate: pass })).details).toEqual({ from: 'a', to: 'b' });
    expect(thrown(() => decide({ type: 'DeclareAlias', data: { from: 'a', to: 'a' } }, given(), { gate: pass })).code).toBe('INVALID_INPUT');
  });

  it('changes the policy only when it differs, and validates it', () => {
    const policy = { mode: 'backward' as const, transitive: true, sameRevision: 'any' as const };
    expect(decide({ type: 'SetPolicy', data: DEFAULT_POLICY }, given(), { gate: pass }).events).toEqual([]);
    const decision = decide({ type: 'SetPolicy', data: policy }, given(), { gate: pass });
    expect(decision).toEqual({ stream: 'policy', expectedVersion: 0, events: [{ type: 'PolicyChanged', data: policy }], outcome: 'created' });
    const state = given({ stream: 'policy', event: { type: 'PolicyChanged', data: policy } });
    expect(state.policy).toEqual(policy);
    expect(decide({ type: 'SetPolicy', data: policy }, state, { gate: pass }).events).toEqual([]);
    const bad = { ...policy, mode: 'sideways' } as unknown as typeof policy;
    expect(thrown(() => decide({ type: 'SetPolicy', data: bad }, state, { gate: pass })).code).toBe('INVALID_INPUT');
  });
});

describe('evolve', () => {
  it('keeps registration order and the last folded position', () => {
    const state = given(registered(layout('b')), registered(layout('a')), { stream: 'layout-b', event: { type: 'LayoutDeprecated', data: { name: 'b', reason: 'old' } } });
    expect([...state.layouts.keys()]).toEqual(['b', 'a']);
    expect(state.position).toBe(3);
    expect(state.layouts.get('b')).toMatchObject({ position: 1, updatedPosition: 3, deprecated: { reason: 'old' } });
    expect(layoutVersion(state, 'b')).toBe(2);
  });

  it('skips events about layouts it never saw registered', () => {
    const state = given({ stream: 'layout-x', event: { type: 'LayoutAnnotated', data: { name: 'x', notes: 'n' } } });
    expect(state.layouts.size).toBe(0);
    expect(state.position).toBe(1);
  });
});
