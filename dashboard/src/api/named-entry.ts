// The names of a report's lost, added or resized fields.
export function entryNames(entries: readonly { name: string }[]): Set<string> {
  return new Set(entries.map((e) => e.name));
}
