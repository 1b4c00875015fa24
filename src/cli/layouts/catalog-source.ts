import { loadCatalog, type CatalogEntry } from '../../core/catalog/catalog';
import { catalogHistory } from '../../core/catalog/catalog-history';
import { handleCommand, loadRegistryState } from '../../core/events/command-handler';
import { InMemoryEventStore } from '../../core/events/in-memory-event-store';
import type { RegistryState } from '../../core/projections/registry-state';
import { registrationGate } from '../../core/registry/registration-gate';
import type { Aliases } from '../../core/compat/field-index';
import { formatRevision } from '../../core/layouts/layout';
import { CliError } from '../cli-error';
import type { LayoutListing, LayoutSource } from './layout-source';
import type { NamedLayout } from './named-layout';

// Offline: the catalog shipped with the package, in history order.
export class CatalogSource implements LayoutSource {
  readonly label = 'built-in catalog';
  private entries: CatalogEntry[] | undefined;

  private all(): CatalogEntry[] {
    this.entries ??= loadCatalog();
    return this.entries;
  }

  async byName(name: string): Promise<NamedLayout> {
    const entry = this.all().find((e) => e.name === name);
    if (!entry) {
      throw new CliError(`no layout "${name}" in the built-in catalog (vmcs12-registry list shows the names), and no file by that name`, 'not_found');
    }
    return toNamed(entry);
  }

  // The newest mainline layout: the last catalog entry (history order) whose provenance says
  // mainline. Vendor, developer and RFC trees, and the Hyper-V eVMCS, are history to compare
  // with by name, not what a kernel patch is checked against by default.
  async latest(): Promise<NamedLayout> {
    return toNamed(this.latestEntry());
  }

  async list(): Promise<LayoutListing[]> {
    const latest = this.latestEntry().name;
    return this.all().map((e) => ({
      name: e.name,
      revision: formatRevision(e.layout.revision),
      size: e.layout.size,
      fingerprint: e.fingerprint,
      note: `${e.provenance.mainline ? 'mainline' : 'not mainline'}; ${e.provenance.kernel ?? 'kernel unknown'}`,
      latest: e.name === latest,
    }));
  }

  async aliases(): Promise<Aliases | undefined> {
    return undefined; // renames are declared on a service (POST /aliases), not in the catalog
  }

  // Exactly what a fresh registry holds after importing the catalog: the same commands, the
  // same decide and evolve, in memory.
  async registryState(): Promise<RegistryState> {
    const store = new InMemoryEventStore();
    for (const { command, metadata } of catalogHistory()) {
      await handleCommand(store, command, { gate: registrationGate, metadata });
    }
    return loadRegistryState(store);
  }

  private latestEntry(): CatalogEntry {
    const mainline = this.all().filter((e) => e.provenance.mainline === true);
    const last = mainline[mainline.length - 1];
    if (!last) {
      throw new CliError('the built-in catalog has no mainline layout to call "latest"', 'not_found');
    }
    return last;
  }
}

function toNamed(e: CatalogEntry): NamedLayout {
  return { name: e.name, layout: e.layout, fingerprint: e.fingerprint, origin: { kind: 'catalog' } };
}
