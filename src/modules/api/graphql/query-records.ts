import type { Layout, LayoutField } from './models/layout.model';
import type { Policy } from './models/governance.model';

export type LayoutWithFields = Layout & { fields: LayoutField[]; fieldCount: number };

// LayoutQueries answers REST's JSON (registry/layout-view.ts, policy) as plain records; these are
// their shapes, named once here rather than cast in every resolver.
export function asLayout(record: Record<string, unknown>): Layout {
  return record as unknown as Layout;
}

export function asLayoutWithFields(record: Record<string, unknown>): LayoutWithFields {
  return record as unknown as LayoutWithFields;
}

export function asPolicy(record: Record<string, unknown>): Policy {
  return record as unknown as Policy;
}
