import type { Aliases } from '../../core/compat/field-index';
import type { RegistryState } from '../../core/projections/registry-state';
import type { NamedLayout } from './named-layout';

// Where named layouts come from: the built-in catalog (default) or a running service
// (--server). Everything else the CLI does is the same core code either way.
export interface LayoutSource {
  readonly label: string;
  byName(name: string): Promise<NamedLayout>;
  // "latest": see catalog-source.ts and server-source.ts for what each side means by it
  latest(): Promise<NamedLayout>;
  list(): Promise<LayoutListing[]>;
  aliases(): Promise<Aliases | undefined>;
  // The registry as the gate sees it: the catalog's history folded offline, or the service's
  // whole event log, folded by the same evolve the service runs.
  registryState(): Promise<RegistryState>;
}

export interface LayoutListing {
  name: string;
  revision: string;
  size: number;
  fingerprint: string;
  note: string; // kernel / provenance, one line
  latest: boolean;
}
