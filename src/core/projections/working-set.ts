import type { StoredEvent } from '../events/events';
import { lineageOf } from '../events/events';
import type { LayoutState, LineageState, RegistryState } from './registry-state';
import { initialRegistryState } from './registry-state';

// What a projector that keeps the state as rows must load before folding new events onto it:
// the registry as far as those events read it. Deprecations and annotations change an
// existing layout; registrations need no layout (a second one of a name is refused by the
// table's key), but their lineage, whose row they create or whose list of layouts they
// extend; a lineage policy needs its lineage. Aliases, reserved names and the policy are
// replaced whole by their events and need nothing.
export interface WorkingSetKeys {
  layouts: Set<string>;
  lineages: Set<string>;
}

export function workingSetKeys(events: readonly StoredEvent[]): WorkingSetKeys {
  const keys: WorkingSetKeys = { layouts: new Set(), lineages: new Set() };
  for (const event of events) {
    if (event.type === 'LayoutDeprecated' || event.type === 'LayoutAnnotated') {
      keys.layouts.add(event.data.name);
    } else if (event.type === 'LayoutRegistered') {
      keys.lineages.add(lineageOf(event.data));
    } else if (event.type === 'LineagePolicyChanged') {
      keys.lineages.add(event.data.lineage);
    }
  }
  return keys;
}

// The state to fold onto: just the loaded entries (keys that matched no row stay absent).
export function workingSet(layouts: Iterable<LayoutState>, lineages: Iterable<LineageState>): RegistryState {
  return {
    ...initialRegistryState(),
    layouts: new Map([...layouts].map((l) => [l.registered.name, l])),
    lineages: new Map([...lineages].map((l) => [l.name, l])),
  };
}
