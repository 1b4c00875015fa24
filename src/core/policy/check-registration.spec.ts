import { packLayout } from '../../../test/support/layout-factory';
import { catalogLayout } from '../../../test/support/shared-layouts';
import type { CoreError } from '../errors';
import { checkRegistration, type RegisteredLayout } from './check-registration';
import { DEFAULT_POLICY, parsePolicy, type RegistrationPolicy } from './registration-policy';

const reg = (name: string): RegisteredLayout => ({ name, layout: catalogLayout(name) });
const policy = (p: Partial<RegistrationPolicy>): RegistrationPolicy => ({ ...DEFAULT_POLICY, sameRevision: 'any', ...p });
const summary = (r: ReturnType<typeof checkRegistration>) => r.findings.map((f) => `${f.check}:${f.against}:${f.rule}:${f.field}`);

describe('checkRegistration', () => {
  const v44 = reg('linux-v4.4');
  const v414 = reg('linux-v4.14');
  const v417 = reg('linux-v4.17-pinned');

  it('defaults to mode none with sameRevision in-place', () => {
    expect(DEFAULT_POLICY).toEqual({ mode: 'none', transitive: false, sameRevision: 'in-place' });
  });

  it('backward: every P → N must be lossless; only the latest unless transitive', () => {
    const older = packLayout([{ name: 'x', type: 'u64', count: 1 }], 7);
    const latest = packLayout([{ name: 'y', type: 'u64', count: 1 }], 8);
    const n = packLayout([{ name: 'y', type: 'u64', count: 1 }], 9);
    const registered = [
      { name: 'older', layout: older },
      { name: 'latest', layout: latest },
    ];
    expect(checkRegistration(n, registered, policy({ mode: 'backward' })).ok).toBe(true);
    const transitive = checkRegistration(n, registered, policy({ mode: 'backward', transitive: true }));
    expect(summary(transitive)).toEqual(['backward:older:FIELD_REMOVED:x']);
  });

  it('forward: every N → P must be lossless; full: both', () => {
    const p = packLayout([{ name: 'x', type: 'u64', count: 1 }], 7);
    const n = packLayout(
      [
        { name: 'x', type: 'u32', count: 1 },
        { name: 'z', type: 'u16', count: 1 },
      ],
      8,
    );
    const registered = [{ name: 'p', layout: p }];
    expect(summary(checkRegistration(n, registered, policy({ mode: 'forward' })))).toEqual(['forward:p:FIELD_REMOVED:z']);
    expect(summary(checkRegistration(n, registered, policy({ mode: 'backward' })))).toEqual(['backward:p:FIELD_NARROWED:x']);
    expect(summary(checkRegistration(n, registered, policy({ mode: 'full' })))).toEqual(['backward:p:FIELD_NARROWED:x', 'forward:p:FIELD_REMOVED:z']);
    expect(checkRegistration(n, registered, policy({ mode: 'none' })).ok).toBe(true);
  });

  it('in-place refuses 4.17 after 4.14: same revision id, 131 fields moved', () => {
    const r = checkRegistration(v417.layout, [v44, v414], DEFAULT_POLICY);
    expect(r.ok).toBe(false);
    expect(new Set(r.findings.map((f) => `${f.check}:${f.against}`))).toEqual(new Set(['sameRevision:linux-v4.14']));
    expect(r.findings.find((f) => f.field === 'vm_function_control')).toMatchObject({ rule: 'REVISION_CONFLICT', fromOffset: 120, toOffset: 296 });
  });

  it('in-place accepts 4.17 after 4.4 (purely additive) and the 4.19 header rename', () => {
    expect(checkRegistration(v417.layout, [v44], DEFAULT_POLICY)).toEqual({ ok: true, findings: [] });
    expect(checkRegistration(catalogLayout('linux-v4.19-hdr'), [v44, v417], DEFAULT_POLICY).ok).toBe(true);
  });

  it('in-place refuses a rename of the same bytes under the same revision (uek dead_space)', () => {
    const r = checkRegistration(catalogLayout('uek-dead-space'), [v417], DEFAULT_POLICY);
    expect(summary(r)).toEqual(new Array(4).fill('sameRevision:linux-v4.17-pinned:REVISION_CONFLICT:dead_space'));
  });

  it('any lets a shared revision id through', () => {
    expect(checkRegistration(v417.layout, [v414], policy({ sameRevision: 'any' })).ok).toBe(true);
  });
});

describe('parsePolicy', () => {
  it('accepts a complete policy and lists every problem of a bad one', () => {
    expect(parsePolicy({ mode: 'full', transitive: true, sameRevision: 'any' })).toEqual({ mode: 'full', transitive: true, sameRevision: 'any' });
    try {
      parsePolicy({ mode: 'sideways', sameRevision: 'in-place' });
      throw new Error('expected a refusal');
    } catch (e) {
      expect((e as CoreError).details).toEqual({
        problems: ['mode must be one of none, backward, forward, full', 'transitive must be a boolean'],
      });
    }
  });
});
