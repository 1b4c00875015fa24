import { lineageOf } from '../../core/events/events';
import { reservedNames } from '../../core/projections/registry-state';
import type { LayoutCandidateInput } from '../../core/identify/identify';
import { layoutFromRegistration } from '../../core/registry/registration-data';
import type { LayoutSource } from '../layouts/layout-source';

// Every layout of the registry the CLI reads (the catalog offline, or a service's log with
// --server) as identification candidates, in registration order; the reserved names declared
// there make their bytes padding, as on the service.
export async function registeredCandidates(source: LayoutSource): Promise<{ layouts: LayoutCandidateInput[]; reserved: ReadonlySet<string> }> {
  const state = await source.registryState();
  const layouts = [...state.layouts].map(([name, ls]) => ({ name, layout: layoutFromRegistration(ls.registered), lineage: lineageOf(ls.registered) }));
  return { layouts, reserved: reservedNames(state) };
}
