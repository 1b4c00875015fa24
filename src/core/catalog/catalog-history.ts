import type { RegistryCommand } from '../events/decide';
import { lineageOf, type EventMetadata } from '../events/events';
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
// Each layout names the next one of its lineage (`precedes`): a registry upgraded from an older
// catalog appends a new entry after later ones, and the fold puts it back in history order.
export function catalogHistory(dir?: string): HistoryCommand[] {
  const reserved = loadCatalogReserved(dir).map((data) => ({
    command: { type: 'DeclareReserved', data } as RegistryCommand,
    metadata: { actor: 'catalog', idempotencyKey: `catalog:reserved:${data.name}` },
    what: `reserved name ${data.name}`,
  }));
  const entries = loadCatalog(dir);
  const layouts = entries.map((entry, n) => {
    const data = toRegisteredData({ ...entry, imported: true });
    const next = entries.slice(n + 1).find((later) => lineageOf(later) === lineageOf(entry));
    if (next !== undefined) {
      data.precedes = next.name;
    }
    return {
      command: { type: 'RegisterLayout', data } as RegistryCommand,
      metadata: { actor: 'catalog', idempotencyKey: `catalog:${entry.name}:${entry.fingerprint}` },
      what: `catalog layout ${entry.name}`,
    };
  });
  return [...reserved, ...layouts];
}
