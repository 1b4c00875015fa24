import type { CanonicalFieldData, LayoutRegisteredData, Provenance } from '../events/events';
import type { LayoutFormatId } from '../formats/format-ids';
import { fingerprint } from '../layouts/fingerprint';
import { formatRevision } from '../layouts/layout';
import type { Layout, LayoutField } from '../layouts/layout';
import { parseRevision } from '../layouts/revision';

// A LayoutRegistered event carries the whole parsed layout, so projections and the in-memory
// compatibility engine rebuild it from the log alone, without re-parsing source text.

export interface RegistrationInput {
  name: string;
  format: LayoutFormatId;
  source: string;
  layout: Layout;
  provenance?: Provenance;
  imported?: boolean;
  lineage?: string;
  branchesFrom?: string | null;
}

export function toRegisteredData(input: RegistrationInput): LayoutRegisteredData {
  const data: LayoutRegisteredData = {
    name: input.name,
    revision: formatRevision(input.layout.revision),
    size: input.layout.size,
    fingerprint: fingerprint(input.layout),
    format: input.format,
    source: input.source,
    fields: input.layout.fields.map(toFieldData),
  };
  if (input.provenance) {
    data.provenance = input.provenance;
  }
  if (input.imported) {
    data.imported = true;
  }
  if (input.lineage !== undefined) {
    data.lineage = input.lineage;
  }
  if (input.branchesFrom !== undefined) {
    data.branchesFrom = input.branchesFrom;
  }
  return data;
}

// The Layout a LayoutRegistered event recorded (its data, back in the core's types).
export function layoutFromRegistration(data: LayoutRegisteredData): Layout {
  return { revision: parseRevision(data.revision), size: data.size, fields: data.fields.map(fromFieldData) };
}

function toFieldData(f: LayoutField): CanonicalFieldData {
  const out: CanonicalFieldData = { name: f.name, type: f.type, count: f.count, offset: f.offset, size: f.size, role: f.role };
  if (f.bitfields) {
    out.bitfields = f.bitfields;
  }
  if (f.source) {
    out.line = f.source.line;
    out.column = f.source.column;
  }
  return out;
}

function fromFieldData(f: CanonicalFieldData): LayoutField {
  const out: LayoutField = {
    name: f.name,
    type: f.type,
    count: f.count,
    offset: f.offset,
    size: f.size,
    role: f.role,
  };
  if (f.bitfields) {
    out.bitfields = f.bitfields;
  }
  if (f.line !== undefined && f.column !== undefined) {
    out.source = { line: f.line, column: f.column };
  }
  return out;
}
