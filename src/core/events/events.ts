import type { LayoutFormatId } from '../formats/format-ids';
import type { FieldType } from '../layouts/field-types';
import type { FieldRole } from '../layouts/layout';

// The registry's event log. Types are past-tense facts; `data` is what a projection needs to
// rebuild every read model without consulting anything else.

export interface Provenance {
  tree?: string; // e.g. torvalds/linux, intel/kvm-sgx
  commit?: string;
  kernel?: string; // kernel version as precisely as known
  path?: string;
  changes?: string; // what this layout changed against its predecessor
  mainline?: boolean;
}

export interface CanonicalFieldData {
  name: string;
  type: FieldType;
  count: number;
  offset: number;
  size: number;
  role: FieldRole;
  bitfields?: { name: string; bits: number }[];
  line?: number;
  column?: number;
}

export interface LayoutRegisteredData {
  name: string;
  revision: string; // "0x11e57ed0"
  size: number;
  fingerprint: string; // sha256:<hex>
  format: LayoutFormatId;
  source: string; // C text or JSON as submitted
  fields: CanonicalFieldData[];
  provenance?: Provenance;
  imported?: boolean; // true for the built-in catalog: history imported without the gate
  // The line of layouts this one must stay migration-compatible with; absent in events written
  // before lineages existed, which are `mainline` (see lineageOf).
  lineage?: string;
  // Only on the first layout of a lineage: the lineage it branches from (null: none).
  branchesFrom?: string | null;
  // Catalog imports only: the layout that follows this one in its lineage's history. A
  // registry that imported an older catalog may hold that one already; this layout then takes
  // its place in history before it, and the lineage's head stays what history says.
  precedes?: string;
}

export interface LayoutDeprecatedData {
  name: string;
  reason: string;
}

export interface LayoutAnnotatedData {
  name: string;
  kernel?: string;
  commit?: string;
  notes?: string;
}

export interface FieldAliasDeclaredData {
  from: string;
  to: string;
}

export interface PolicyChangedData {
  mode: 'none' | 'backward' | 'forward' | 'full';
  transitive: boolean;
  sameRevision: 'in-place' | 'in-place-all' | 'any';
}

// A lineage's override of the global policy; null returns it to the global one.
export interface LineagePolicyChangedData {
  lineage: string;
  policy: PolicyChangedData | null;
}

// Fields of this name are reserved bytes from now on, in every layout (API.md "Layouts").
export interface ReservedNameDeclaredData {
  name: string;
  reason: string;
}

export type RegistryEvent =
  | { type: 'LayoutRegistered'; data: LayoutRegisteredData }
  | { type: 'LayoutDeprecated'; data: LayoutDeprecatedData }
  | { type: 'LayoutAnnotated'; data: LayoutAnnotatedData }
  | { type: 'FieldAliasDeclared'; data: FieldAliasDeclaredData }
  | { type: 'PolicyChanged'; data: PolicyChangedData }
  | { type: 'LineagePolicyChanged'; data: LineagePolicyChangedData }
  | { type: 'ReservedNameDeclared'; data: ReservedNameDeclaredData };

export interface EventMetadata {
  actor?: string;
  requestId?: string;
  idempotencyKey?: string;
  commandHash?: string; // with idempotencyKey: the hash of the command it was first used for (idempotency.ts)
}

// An event as stored: gapless global position, per-stream version, chained hash.
export type StoredEvent = RegistryEvent & {
  position: number;
  stream: string;
  version: number;
  metadata: EventMetadata;
  recordedAt: string; // ISO 8601
  hash: string; // sha256 hex over previous hash + canonical content
};

// Stream names: one per layout, one per lineage's policy, one for aliases, one for reserved
// names, one for the global policy.
export const layoutStream = (name: string): string => `layout-${name}`;
export const lineageStream = (name: string): string => `lineage-${name}`;
export const ALIASES_STREAM = 'aliases';
export const RESERVED_STREAM = 'reserved';
export const POLICY_STREAM = 'policy';

export const MAINLINE = 'mainline';

export function lineageOf(data: Pick<LayoutRegisteredData, 'lineage'>): string {
  return data.lineage ?? MAINLINE;
}
