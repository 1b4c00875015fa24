import { NO_GPA, nestedState, type StateSpec } from '../../../test/support/nested-state-factory';
import { CoreError } from '../errors';
import { validateNestedState } from './validate-nested-state';

function offsetOfError(spec: StateSpec): number | 'ok' {
  try {
    validateNestedState(nestedState(spec));
    return 'ok';
  } catch (e) {
    if (e instanceof CoreError && e.code === 'INVALID_BLOB') {
      return e.details.offset as number;
    }
    throw e;
  }
}

const off = { size: 128, vmxonPa: NO_GPA, vmcs12Pa: NO_GPA };

// Numbers refer to the KVM_SET_NESTED_STATE checks listed in ../shared/layouts/README.md.
describe('validateNestedState', () => {
  it.each<[string, StateSpec, number | 'ok']>([
    ['2: size smaller than the header', { size: 0, length: 128 }, 4],
    ['size beyond the buffer', { size: 4224, length: 128 }, 4],
    ['unknown flags', { flags: 0x10 }, 0],
    ['4: RUN_PENDING without GUEST_MODE', { flags: 0x2 }, 0],
    ['5: SVM format', { format: 1 }, 2],
    ['6/11: vmcs12_pa without VMXON', { size: 4224, vmxonPa: NO_GPA }, 16],
    ['7/19: no nested state at all', off, 'ok'],
    ['8: EVMCS without VMXON is for KVM to judge', { ...off, flags: 0x4 }, 'ok'],
    ['flags other than EVMCS without VMXON', { ...off, flags: 0x100 }, 0],
    ['9: smm.flags without VMXON', { ...off, smmFlags: 0x2 }, 24],
    ['10: unknown hdr.vmx.flags', { vmxFlags: 0xffffffff }, 28],
    ['10: unknown hdr.vmx.flags, no vmcs12, size 128', { ...off, vmxFlags: 0xffffffff }, 28],
    ['preemption timer deadline flag', { vmxFlags: 0x1 }, 'ok'],
    ['12: vmxon_pa not page aligned', { vmxonPa: 1n }, 8],
    ['13: GUEST_MODE with SMM_GUEST_MODE', { flags: 0x1, smmFlags: 0x3 }, 24],
    ['14: unknown smm.flags', { smmFlags: 0x4 }, 24],
    ['15: SMM_GUEST_MODE without SMM_VMXON', { smmFlags: 0x1 }, 24],
    ['smm.flags with RUN_PENDING', { flags: 0x3, smmFlags: 0x2 }, 24],
    ['in SMM with VMXON', { smmFlags: 0x2 }, 'ok'],
    ['16: size 128 while vmcs12_pa is set', { size: 128 }, 4],
    ['16: size 128, no vmcs12_pa', { size: 128, vmcs12Pa: NO_GPA }, 'ok'],
    ['size 128 in guest mode', { size: 128, vmcs12Pa: NO_GPA, flags: 0x1 }, 4],
    ['17: a vmcs12 with only its revision id', {}, 'ok'],
    ['18: vmxon_pa == vmcs12_pa', { vmxonPa: 0n, vmcs12Pa: 0n }, 16],
    ['vmcs12_pa not page aligned', { vmcs12Pa: 0x2008n }, 16],
    ['a vmcs12 nothing points at', { vmcs12Pa: NO_GPA }, 16],
    ['a vmcs12 named by EVMCS', { vmcs12Pa: NO_GPA, flags: 0x4 }, 'ok'],
  ])('%s', (_, spec, expected) => {
    expect(offsetOfError(spec)).toBe(expected);
  });

  it('refuses a buffer shorter than the header at the offset where it ends', () => {
    expect(offsetOfError({ length: 100, size: 128 })).toBe(100);
  });

  it('says which vmcs12 regions the size covers', () => {
    expect(validateNestedState(nestedState(off))).toMatchObject({ hasVmcs12: false, hasShadowVmcs12: false });
    expect(validateNestedState(nestedState({}))).toMatchObject({ hasVmcs12: true, hasShadowVmcs12: false });
    const both = validateNestedState(nestedState({ size: 128 + 8192, flags: 0x1 }));
    expect(both).toMatchObject({ hasVmcs12: true, hasShadowVmcs12: true });
    expect(both.header).toEqual({
      flags: 1,
      format: 0,
      size: 8320,
      vmx: { vmxonPa: 0x1000n, vmcs12Pa: 0x2000n, smmFlags: 0, flags: 0, preemptionTimerDeadline: 0n },
    });
  });
});
