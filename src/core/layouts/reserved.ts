import type { Layout } from './layout';

// Names the registry has declared reserved (POST /reserved, an event): from then on a field of
// that name is reserved bytes in every layout, as a name containing "padding" always is. The
// kernel does this when it stops using a field but keeps its bytes (`dead_space`, the remnant
// of cr3_target_value0..3).
export type ReservedNames = ReadonlySet<string>;

// The layout as reports and plans see it: declared names turn data into padding. Views and
// the header keep their roles; the stored layout (and its fingerprint) is untouched.
export function withReserved(layout: Layout, reserved: ReservedNames | undefined): Layout {
  if (!reserved || reserved.size === 0 || !layout.fields.some((f) => f.role === 'data' && reserved.has(f.name))) {
    return layout;
  }
  return {
    ...layout,
    fields: layout.fields.map((f) => (f.role === 'data' && reserved.has(f.name) ? { ...f, role: 'padding' as const } : f)),
  };
}
