import { encodingOf } from '../catalog/encodings';
import { catalogLayout, readSharedLayout, SHARED_NAMES } from '../../../test/support/shared-layouts';
import { compareLayouts } from './compare-layouts';
import type { CompatReport } from './compat-report';

// The contract rules applied to the built-in catalog (../shared/layouts/README.md), each
// expectation checked against the README's change log for that step.
function compare(from: string, to: string): CompatReport {
  return compareLayouts(catalogLayout(from), catalogLayout(to), { encodingOf });
}

const dataShape = (name: string, layout: ReturnType<typeof catalogLayout>) =>
  layout.fields.filter((f) => f.role === 'data').map((f) => `${name}:${f.name}:${f.type}x${f.count}@${f.offset}`);

const names = (r: CompatReport, key: 'lost' | 'added'): string[] => r[key].map((f) => f.name).sort();
const conflictOffsets = (r: CompatReport): number[] =>
  [...new Set(r.findings.filter((f) => f.rule === 'REVISION_CONFLICT').map((f) => f.toOffset))].sort((x, y) => (x ?? 0) - (y ?? 0)) as number[];

const ADDED_IN_4_17 = ['eptp_list_address', 'guest_pml_index', 'pml_address', 'vm_function_control', 'vmread_bitmap', 'vmwrite_bitmap'];

describe('compat over the historical layouts', () => {
  it.each(SHARED_NAMES)('the catalog holds the data fields of ../shared/layouts for %s', (name) => {
    expect(dataShape(name, catalogLayout(name))).toEqual(dataShape(name, readSharedLayout(name)));
  });

  it('rfc-2017-pre-evmcs → rfc-2017-evmcs-reorder moves all but abort, compatible, new revision id', () => {
    const r = compare('rfc-2017-pre-evmcs', 'rfc-2017-evmcs-reorder');
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['compatible', false, false]);
    expect(r.moved).toHaveLength(142);
    expect(catalogLayout('rfc-2017-pre-evmcs').fields.filter((f) => f.role === 'data' && !r.moved.some((m) => m.name === f.name)).map((f) => f.name)).toEqual(['abort']);
    expect(r.moved.find((m) => m.name === 'host_ia32_pat')).toMatchObject({ toOffset: 24 });
  });

  it('rfc-2017-evmcs-reorder → rfc-2017-pre-evmcs loses exactly the Hyper-V fields the patch added', () => {
    // The seed patch's "+" lines that name no pre-image member: hv_padding_32 is padding by name
    // and hv_vmcs[255] is a union view, so neither is data.
    const r = compare('rfc-2017-evmcs-reorder', 'rfc-2017-pre-evmcs');
    expect(r.verdict).toBe('lossy');
    expect(names(r, 'lost')).toEqual(
      ['hv_clean_fields', 'hv_synthetic_controls', 'hv_enlightenments_control', 'hv_vp_id', 'hv_vm_id', 'partition_assist_page'].sort(),
    );
    expect(r.lost.every((l) => l.reason === 'removed')).toBe(true);
  });

  it('4.4 → 4.17-pinned is compatible and in place: 4.17 only fills padding and appends', () => {
    const r = compare('linux-v4.4', 'linux-v4.17-pinned');
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['compatible', true, false]);
    expect(names(r, 'added')).toEqual(ADDED_IN_4_17);
    expect(r.moved).toEqual([]);
  });

  it('4.17-pinned → 4.4 loses exactly the six fields 4.17 added', () => {
    const r = compare('linux-v4.17-pinned', 'linux-v4.4');
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['lossy', true, false]);
    expect(names(r, 'lost')).toEqual(ADDED_IN_4_17);
    expect(r.lost.find((l) => l.name === 'pml_address')).toEqual({
      name: 'pml_address',
      type: 'u64',
      count: 1,
      offset: 312,
      reason: 'removed',
      encoding: '0x0000200e',
    });
  });

  it('4.14 → 4.17 moves 131 data fields under one revision id: a conflict both ways', () => {
    const fwd = compare('linux-v4.14', 'linux-v4.17-pinned');
    const back = compare('linux-v4.17-pinned', 'linux-v4.14');
    expect(fwd.moved).toHaveLength(131);
    expect(back.moved).toHaveLength(131);
    expect([fwd.verdict, fwd.inPlace, fwd.revisionConflict]).toEqual(['compatible', false, true]);
    expect([back.verdict, back.inPlace, back.revisionConflict]).toEqual(['lossy', false, true]);
    expect(names(back, 'lost')).toEqual(['vmread_bitmap', 'vmwrite_bitmap']);
    expect(fwd.moved.find((m) => m.name === 'vm_function_control')).toEqual({
      name: 'vm_function_control',
      fromOffset: 120,
      toOffset: 296,
      encoding: '0x00002018',
    });
  });

  it('3.1 → 3.10 takes vmx_preemption_timer_value from padding, in place', () => {
    const r = compare('linux-v3.1', 'linux-v3.10');
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['compatible', true, false]);
    expect(r.added).toEqual([{ name: 'vmx_preemption_timer_value', type: 'u32', count: 1, offset: 872, encoding: '0x0000482e' }]);
    expect(r.findings.map((f) => f.rule)).toEqual(['FIELD_ADDED']);
  });

  it('4.17-pinned → 4.19-hdr is identical: only the header changed its declaration', () => {
    const r = compare('linux-v4.17-pinned', 'linux-v4.19-hdr');
    expect(r.verdict).toBe('identical');
    expect(r.findings).toEqual([]);
  });

  it('4.17-pinned → uek dead_space is a revision conflict: cr3_target_value0..3 became dead_space', () => {
    const r = compare('linux-v4.17-pinned', 'uek-dead-space');
    expect([r.verdict, r.inPlace, r.revisionConflict]).toEqual(['lossy', true, true]);
    expect(names(r, 'lost')).toEqual(['cr3_target_value0', 'cr3_target_value1', 'cr3_target_value2', 'cr3_target_value3']);
    expect(names(r, 'added')).toEqual(['dead_space']);
    expect(conflictOffsets(r)).toEqual([376]);
    expect(r.findings.filter((f) => f.rule === 'REVISION_CONFLICT').map((f) => f.fromOffset)).toEqual([376, 384, 392, 400]);
  });

  it('seanjc enclv conflicts with mainline at 328 (enclv_exiting_bitmap vs tsc_multiplier)', () => {
    const r = compare('seanjc-enclv', 'linux-tsc-multiplier');
    expect(r.revisionConflict).toBe(true);
    const at328 = r.findings.filter((f) => f.rule === 'REVISION_CONFLICT' && f.toOffset === 328);
    expect(at328.map((f) => f.field)).toEqual(['tsc_multiplier']);
    // The enclv tree predates dead_space, so 376 differs too (README: it keeps cr3_target_value names).
    expect(conflictOffsets(r)).toEqual([328, 376]);
    expect(names(r, 'lost')).toEqual(['cr3_target_value0', 'cr3_target_value1', 'cr3_target_value2', 'cr3_target_value3', 'enclv_exiting_bitmap']);
    expect([r.verdict, r.inPlace]).toEqual(['lossy', true]);
  });

  it('hyperv eVMCS v1 and the newest vmcs12 share 126 fields at other offsets, lossy both ways', () => {
    const fwd = compare('hyperv-evmcs-v1', 'linux-tsc-multiplier');
    const back = compare('linux-tsc-multiplier', 'hyperv-evmcs-v1');
    // Different revision ids (eVMCS version 1 vs 0x11e57ed0): moves are no conflict.
    expect([fwd.verdict, fwd.inPlace, fwd.revisionConflict, fwd.moved.length]).toEqual(['lossy', false, false, 126]);
    expect([back.verdict, back.inPlace, back.revisionConflict, back.moved.length]).toEqual(['lossy', false, false, 126]);
    expect(names(fwd, 'lost')).toEqual(
      [
        'cr3_target_value0',
        'cr3_target_value1',
        'cr3_target_value2',
        'cr3_target_value3',
        'exit_io_instruction_ecx',
        'exit_io_instruction_edi',
        'exit_io_instruction_eip',
        'exit_io_instruction_esi',
        'guest_ia32_int_ssp_table_addr',
        'guest_ia32_lbr_ctl',
        'guest_ia32_s_cet',
        'guest_ssp',
        'host_ia32_int_ssp_table_addr',
        'host_ia32_s_cet',
        'host_ssp',
        'hv_clean_fields',
        'hv_enlightenments_control',
        'hv_synthetic_controls',
        'hv_vm_id',
        'hv_vp_id',
        'partition_assist_page',
      ].sort(),
    );
    expect(names(back, 'lost')).toEqual(
      [
        'apic_access_addr',
        'dead_space',
        'eoi_exit_bitmap0',
        'eoi_exit_bitmap1',
        'eoi_exit_bitmap2',
        'eoi_exit_bitmap3',
        'eptp_list_address',
        'guest_intr_status',
        'guest_pml_index',
        'launch_state',
        'pml_address',
        'posted_intr_desc_addr',
        'posted_intr_nv',
        'vm_function_control',
        'vmread_bitmap',
        'vmwrite_bitmap',
        'vmx_preemption_timer_value',
      ].sort(),
    );
    expect(names(fwd, 'added')).toEqual(names(back, 'lost'));
  });
});
