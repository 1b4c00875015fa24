import { packLayout } from '../../../test/support/layout-factory';
import { NO_GPA, nestedState } from '../../../test/support/nested-state-factory';
import { catalogEntry, testFingerprint } from '../../../test/support/shared-layouts';
import { compilePlan } from '../conversion/compile-plan';
import { convertBlob } from '../conversion/convert-blob';
import { buildPlan } from '../conversion/plan';
import { convertNestedState } from './convert-nested-state';
import { caught } from '../../../test/support/caught';

const v417 = catalogEntry('linux-v4.17-pinned');
const v44 = catalogEntry('linux-v4.4');
const down = compilePlan(buildPlan(v417, v44));


// A container whose vmcs12 (and shadow) carry guest_pml_index (4.17 only, @996) and
// guest_rip-like data in a field both layouts share (posted_intr_nv @962), plus bytes past `size`.
function filled(size: number): Uint8Array {
  const state = nestedState({ size, length: size + 16, flags: 0x1 });
  for (const base of [128, 4224].filter((b) => b + 4096 <= size)) {
    state[base + 996] = 0x2a;
    state[base + 962] = 0x07;
  }
  state.fill(0x5c, size);
  state[40] = 0x99; // a byte of hdr.vmx past the fields KVM reads: kept as is
  return state;
}

describe('convertNestedState', () => {
  it('converts the vmcs12 at 128 and keeps every other byte', () => {
    const input = filled(4224);
    const { output, lost, contents } = convertNestedState(down, input);
    expect(output.length).toBe(input.length);
    expect(output.subarray(0, 128)).toEqual(input.subarray(0, 128));
    expect(output.subarray(4224)).toEqual(input.subarray(4224));
    expect(output.subarray(128, 4224)).toEqual(convertBlob(down, input.subarray(128, 4224)).output);
    expect(output[128 + 962]).toBe(0x07);
    expect(output[128 + 996]).toBe(0);
    expect(lost).toEqual([{ field: 'guest_pml_index', reason: 'absent', region: 'vmcs12' }]);
    expect([contents.hasVmcs12, contents.hasShadowVmcs12]).toEqual([true, false]);
  });

  it('converts the shadow vmcs12 too when the size includes it, keeping its shadow_vmcs bit', () => {
    const input = filled(8320);
    const { output, lost } = convertNestedState(down, input);
    expect(output.subarray(4224, 8320)).toEqual(convertBlob(down, input.subarray(4224, 8320)).output);
    expect(output[4224 + 3]! & 0x80).toBe(0x80);
    expect(lost.map((l) => l.region)).toEqual(['vmcs12', 'shadow_vmcs12']);
    expect(output.subarray(8320)).toEqual(input.subarray(8320));
  });

  // The HTTP layer hands the core a Node Buffer, whose slice() is a view: a moving pair over a
  // Buffer is the case that once came back as zeros while the Uint8Array tests above passed.
  it('converts a Buffer of a pair whose fields move, leaving the input as it was', () => {
    const up = compilePlan(buildPlan(catalogEntry('linux-v4.14'), v417));
    const state = Buffer.from(filled(8320));
    for (let i = 0; i < 4088; i += 7) {
      state[128 + 8 + i] = i & 0xff;
      state[4224 + 8 + i] = (i * 3) & 0xff;
    }
    const before = Buffer.from(state);
    const { output } = convertNestedState(up, state);
    expect(state.equals(before)).toBe(true);
    expect(output.subarray(128, 4224)).toEqual(convertBlob(up, before.subarray(128, 4224)).output);
    expect(output.subarray(4224, 8320)).toEqual(convertBlob(up, before.subarray(4224, 8320)).output);
  });

  it('leaves a container without a vmcs12 untouched', () => {
    const input = nestedState({ size: 128, vmxonPa: NO_GPA, vmcs12Pa: NO_GPA });
    expect(convertNestedState(down, input).output).toEqual(input);
  });

  it('names the region header when a vmcs12 has another revision', () => {
    expect(caught(() => convertNestedState(down, nestedState({ revision: 0x11e57ed1 }))).details).toMatchObject({ offset: 128 });
    const shadow = nestedState({ size: 8320 });
    shadow[4224] = 0xd1;
    expect(caught(() => convertNestedState(down, shadow)).details).toMatchObject({ offset: 4224, expected: '0x11e57ed0', actual: '0x11e57ed1' });
  });

  it('refuses a shadow vmcs12 without shadow_vmcs', () => {
    const state = nestedState({ size: 8320 });
    state[4224 + 3] = state[4224 + 3]! & 0x7f;
    expect(caught(() => convertNestedState(down, state)).details).toEqual({ offset: 4224 });
  });

  it('refuses in strict mode when a region would lose data', () => {
    const e = caught(() => convertNestedState(down, filled(4224), { strict: true }));
    expect([e.code, e.details.lost]).toEqual(['LOSSY_CONVERSION', [{ field: 'guest_pml_index', reason: 'absent', region: 'vmcs12' }]]);
  });

  it('refuses layouts that are not 4096 bytes: the container fixes the region size', () => {
    const small = packLayout([{ name: 'x', type: 'u64', count: 1 }], 0x11e57ed0, 100);
    const conv = compilePlan(buildPlan({ layout: small, fingerprint: testFingerprint(small) }, v44));
    const e = caught(() => convertNestedState(conv, nestedState({})));
    expect([e.code, e.details]).toEqual(['INVALID_INPUT', { layout: 'source', expected: 4096, actual: 112 }]);
  });
});
