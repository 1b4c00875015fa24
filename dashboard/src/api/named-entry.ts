import type { NamedEntry } from './types.js';

// Reports list fields as bare names or as objects; both read as the field's name.
export function entryName(entry: NamedEntry): string {
  return typeof entry === 'string' ? entry : (entry.name ?? entry.field ?? '?');
}

export function entryNames(entries: readonly NamedEntry[] | undefined): Set<string> {
  return new Set((entries ?? []).map(entryName));
}
