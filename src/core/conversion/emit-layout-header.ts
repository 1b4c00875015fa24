import { layoutToC } from '../layouts/to-c';
import type { Layout } from '../layouts/layout';

// GET /layouts/:name.h: the layout as a C11 header (`cc -std=c11 -Wall -Werror`). The struct is
// the layouts module's printer (it parses back to the same fingerprint); around it, an include
// guard and one _Static_assert per named field, the TypeScript side of KVM's CHECK_OFFSET, so a
// compiler that lays the struct out differently refuses to build instead of misreading blobs.
export function emitLayoutHeader(name: string, layout: Layout): string {
  const guard = `VMCS12_LAYOUT_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_H`;
  const asserts = layout.fields.map(
    (f) => `_Static_assert(offsetof(struct vmcs12, ${f.name}) == ${f.offset}, "vmcs12 field ${f.name} must be at offset ${f.offset}");`,
  );
  return [
    `#ifndef ${guard}`,
    `#define ${guard}`,
    '',
    '#include <stddef.h>',
    layoutToC(layout, { name, standalone: true }),
    ...asserts,
    '_Static_assert(sizeof(struct vmcs12) <= VMCS12_SIZE, "struct vmcs12 must fit in VMCS12_SIZE");',
    '',
    `#endif /* ${guard} */`,
    '',
  ].join('\n');
}
