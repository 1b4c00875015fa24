import type { RegistrationGate } from '../../src/core/events/decide';
import type { EventStore } from '../../src/core/events/event-store';
import type { LayoutRegisteredData } from '../../src/core/events/events';
import { handleCommand } from '../../src/core/events/command-handler';

// A small but varied registry history, written through the real command path: every event type,
// repeated deprecations and annotations, shared content under two names, JSON columns with and
// without values. Projection tests compare what it leaves in the read models.

export function historyLayout(name: string, fingerprint: string, extra: Partial<LayoutRegisteredData> = {}): LayoutRegisteredData {
  return {
    name,
    revision: '0x11e57ed0',
    size: 4096,
    fingerprint,
    format: 'c',
    source: `struct __packed vmcs12 { /* ${name} */ };`,
    fields: [
      { name: 'hdr', type: 'u32', count: 1, offset: 0, size: 4, role: 'header', bitfields: [{ name: 'revision_id', bits: 31 }, { name: 'shadow_vmcs', bits: 1 }], line: 2, column: 2 },
      { name: 'abort', type: 'u32', count: 1, offset: 4, size: 4, role: 'data', line: 3, column: 2 },
      { name: 'padding64', type: 'u64', count: 3, offset: 8, size: 24, role: 'padding' },
      { name: 'guest_rip', type: 'natural_width', count: 1, offset: 32, size: 8, role: 'data' },
    ],
    ...extra,
  };
}

const pass: RegistrationGate = () => ({ ok: true });

export async function writeRegistryHistory(store: EventStore): Promise<void> {
  const run = (command: Parameters<typeof handleCommand>[1]) => handleCommand(store, command, { gate: pass, metadata: { actor: 'history' } });
  await run({ type: 'RegisterLayout', data: historyLayout('linux-v4.14', 'sha256:01', { imported: true, provenance: { tree: 'torvalds/linux', kernel: '4.14', mainline: true } }) });
  await run({ type: 'RegisterLayout', data: historyLayout('linux-v4.15', 'sha256:02', { provenance: { commit: 'abc' } }) });
  await run({ type: 'RegisterLayout', data: historyLayout('same-as-4.15', 'sha256:02') });
  await run({ type: 'SetPolicy', data: { mode: 'backward', transitive: false, sameRevision: 'in-place' } });
  await run({ type: 'DeclareAlias', data: { from: 'vmcs_link_pointer', to: 'vmcs_link_ptr' } });
  await run({ type: 'AnnotateLayout', data: { name: 'linux-v4.15', kernel: '4.15-rc1', notes: 'first' } });
  await run({ type: 'AnnotateLayout', data: { name: 'linux-v4.15', notes: 'second' } });
  await run({ type: 'DeprecateLayout', data: { name: 'linux-v4.14', reason: 'superseded' } });
  await run({ type: 'DeprecateLayout', data: { name: 'linux-v4.14', reason: 'superseded by 4.15' } });
  await run({ type: 'DeclareAlias', data: { from: 'guest_pml_index', to: 'guest_pml_idx' } });
  await run({ type: 'SetPolicy', data: { mode: 'full', transitive: true, sameRevision: 'any' } });
  await run({ type: 'RegisterLayout', data: historyLayout('linux-v5.0', 'sha256:03', { size: 8192 }) });
  await run({ type: 'AnnotateLayout', data: { name: 'linux-v5.0', commit: 'def' } });
  // Lineages: a vendor line branching from mainline, one branching from nothing, their
  // policy overrides (set, changed, cleared) and a reserved name declared and re-explained.
  await run({ type: 'RegisterLayout', data: historyLayout('vendor-v1', 'sha256:04', { lineage: 'vendor' }) });
  await run({ type: 'SetLineagePolicy', data: { lineage: 'vendor', policy: { mode: 'backward', transitive: true, sameRevision: 'in-place-all' } } });
  await run({ type: 'RegisterLayout', data: historyLayout('vendor-v2', 'sha256:05', { lineage: 'vendor' }) });
  await run({ type: 'RegisterLayout', data: historyLayout('evmcs', 'sha256:06', { lineage: 'evmcs', branchesFrom: null }) });
  await run({ type: 'SetLineagePolicy', data: { lineage: 'evmcs', policy: { mode: 'none', transitive: false, sameRevision: 'any' } } });
  await run({ type: 'SetLineagePolicy', data: { lineage: 'evmcs', policy: null } });
  await run({ type: 'DeclareReserved', data: { name: 'dead_space', reason: 'cr3_target_value0..3' } });
  await run({ type: 'DeclareReserved', data: { name: 'dead_space', reason: 'cr3_target_value0..3, kept but unused' } });
}
