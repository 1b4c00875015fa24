import type { RegistryCommand } from '../events/decide';
import type { EventMetadata } from '../events/events';
import { toRegisteredData } from '../registry/registration-data';
import { loadCatalog } from './catalog';
import { loadCatalogReserved } from './catalog-reserved';

export interface HistoryCommand {
  command: RegistryCommand;
  metadata: EventMetadata;
  what: string; // for the log line when a name is already taken
}

// The commands that import the built-in catalog as history, in order: its reserved names, then
// its layouts with their lineages, without the gate. The service appends them at start; the
// CLI folds the same events offline, so `check` judges against exactly what a fresh registry holds.
export function catalogHistory(dir?: string): HistoryCommand[] {
  const reserved = loadCatalogReserved(dir).map((data) => ({
    command: { type: 'DeclareReserved', data } as RegistryCommand,
    metadata: { actor: 'catalog', idempotencyKey: `catalog:reserved:${data.name}` },
    what: `reserved name ${data.name}`,
  }));
  const layouts = loadCatalog(dir).map((entry) => ({
    command: { type: 'RegisterLayout', data: toRegisteredData({ ...entry, imported: true }) } as RegistryCommand,
    metadata: { actor: 'catalog', idempotencyKey: `catalog:${entry.name}:${entry.fingerprint}` },
    what: `catalog layout ${entry.name}`,
  }));
  return [...reserved, ...layouts];
}
