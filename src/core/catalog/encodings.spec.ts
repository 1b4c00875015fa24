import { dataFields } from '../layouts/layout';
import { loadCatalog } from './catalog';
import { encodingFor } from './encodings';

describe('encodingFor', () => {
  it.each([
    ['io_bitmap_a', { encoding: 0x2000, macro: 'IO_BITMAP_A', width: 'u64' }],
    ['guest_rip', { encoding: 0x681e, macro: 'GUEST_RIP', width: 'natural_width' }],
    ['virtual_processor_id', { encoding: 0x0000, macro: 'VIRTUAL_PROCESSOR_ID', width: 'u16' }],
    ['cr3_target_value0', { encoding: 0x6008, macro: 'CR3_TARGET_VALUE0', width: 'natural_width' }],
  ])('maps %s to its architectural encoding', (field, expected) => {
    expect(encodingFor(field)).toEqual(expected);
  });

  it.each(['revision_id', 'abort', 'launch_state', 'padding64', 'dead_space', 'no_such_field'])('has none for %s', (field) => {
    expect(encodingFor(field)).toBeUndefined();
  });

  it('covers the 141 mapped data fields of the newest mainline layout, at their member widths', () => {
    const newest = loadCatalog().find((e) => e.name === 'linux-tsc-multiplier');
    const mapped = dataFields(newest?.layout ?? { revision: 0, size: 0, fields: [] }).filter((f) => encodingFor(f.name));
    expect(mapped).toHaveLength(141);
    expect(mapped.filter((f) => encodingFor(f.name)?.width !== f.type)).toEqual([]);
  });
});
