import { entryNames } from '../api/named-entry.js';
import type { CompatReport, LayoutField } from '../api/types.js';

export type FieldStatus = 'same' | 'moved' | 'resized' | 'lost' | 'added' | 'header' | 'padding' | 'view';

export const STATUS_LABEL: Record<FieldStatus, string> = {
  same: 'unchanged',
  moved: 'moved',
  resized: 'resized',
  lost: 'lost',
  added: 'added',
  header: 'header',
  padding: 'padding',
  view: 'union view',
};

// What a field of one side of the pair means for the conversion. Moves are matched by offset,
// not name, so a field renamed through an alias still lines up with its counterpart.
export function fieldStatus(field: LayoutField, side: 'from' | 'to', report: CompatReport): FieldStatus {
  if (field.role !== 'data') {
    return field.role === 'view' ? 'view' : field.role;
  }
  if (side === 'from' && entryNames(report.lost).has(field.name)) {
    return 'lost';
  }
  if (side === 'to' && entryNames(report.added).has(field.name)) {
    return 'added';
  }
  if (report.moved.some((m) => (side === 'from' ? m.fromOffset : m.toOffset) === field.offset)) {
    return 'moved';
  }
  return entryNames(report.resized).has(field.name) ? 'resized' : 'same';
}
