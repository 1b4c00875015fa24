import { CoreError } from '../errors';
import { isFieldType, typeWidth } from './field-types';
import { MAX_REVISION, type Layout, type LayoutField } from './layout';
import { HEADER_NAMES } from './roles';
import { C_IDENTIFIER_PATTERN as IDENTIFIER } from '../names';

const ROLES = new Set(['header', 'data', 'padding', 'view']);

// Rules every registered layout obeys, whichever form it came in. Views (union members laid
// over data) may overlap anything; header, data and padding bytes belong to one field each,
// or a conversion could not tell which field a byte is.
export function validateLayout(layout: Layout): void {
  if (!Number.isInteger(layout.revision) || layout.revision < 0 || layout.revision > MAX_REVISION) {
    // bit 31 of the header is the shadow-VMCS flag, so a revision id has 31 bits
    throw invalid(`revision ${layout.revision} is not a 31-bit value (at most 0x7fffffff)`, {
      revision: layout.revision,
    });
  }
  if (!Number.isInteger(layout.size) || layout.size < 4) {
    throw invalid(`size ${layout.size} cannot hold the 4-byte header`, { size: layout.size });
  }
  const names = new Set<string>();
  for (const f of layout.fields) {
    checkField(f, layout.size);
    if (names.has(f.name)) {
      throw invalid(`field "${f.name}" is defined twice`, at(f));
    }
    names.add(f.name);
  }
  checkHeader(layout.fields);
  checkOverlaps(layout.fields);
}

function checkField(f: LayoutField, size: number): void {
  if (!IDENTIFIER.test(f.name)) {
    throw invalid(`field name "${f.name}" is not a C identifier`, at(f));
  }
  if (!isFieldType(f.type)) {
    throw invalid(`field "${f.name}" has unknown type "${String(f.type)}"`, at(f));
  }
  if (!ROLES.has(f.role)) {
    throw invalid(`field "${f.name}" has unknown role "${String(f.role)}"`, at(f));
  }
  if (!Number.isInteger(f.count) || f.count < 1) {
    throw invalid(`field "${f.name}" has count ${f.count}; a field holds at least one element`, at(f));
  }
  if (!Number.isInteger(f.offset) || f.offset < 0) {
    throw invalid(`field "${f.name}" has offset ${f.offset}; offsets are non-negative byte counts`, at(f));
  }
  if (f.size !== typeWidth(f.type) * f.count) {
    throw invalid(`field "${f.name}" has size ${f.size}, but ${f.count} x ${f.type} is ${typeWidth(f.type) * f.count} bytes`, at(f));
  }
  if (f.offset + f.size > size) {
    throw invalid(`field "${f.name}" ends at byte ${f.offset + f.size}, past the layout size ${size}`, at(f));
  }
  if (f.bitfields) {
    const bits = f.bitfields.reduce((sum, b) => sum + b.bits, 0);
    if (f.count !== 1 || bits > typeWidth(f.type) * 8 || f.bitfields.some((b) => !IDENTIFIER.test(b.name) || !(b.bits >= 1))) {
      throw invalid(`bitfields of "${f.name}" do not fit one ${f.type}`, at(f));
    }
  }
}

function checkHeader(fields: LayoutField[]): void {
  const header = fields.find((f) => f.role === 'header');
  const misplaced = fields.find((f) => f.role === 'header' && (f.offset !== 0 || f.type !== 'u32' || f.count !== 1 || !HEADER_NAMES.includes(f.name)));
  if (misplaced) {
    throw invalid(`field "${misplaced.name}" cannot be the header: the header is one u32 revision_id or hdr at offset 0`, at(misplaced));
  }
  if (!header) {
    throw invalid('no header: a layout starts with u32 revision_id (or struct vmcs_hdr hdr) at offset 0', { offset: 0 });
  }
}

function checkOverlaps(fields: LayoutField[]): void {
  const solid = fields
    .map((f, index) => ({ f, index }))
    .filter(({ f }) => f.role !== 'view')
    .sort((a, b) => a.f.offset - b.f.offset || a.index - b.index);
  let reach: { f: LayoutField; index: number } | undefined;
  for (const cur of solid) {
    if (reach && cur.f.offset < reach.f.offset + reach.f.size) {
      // name the one declared later: the earlier declaration is the one it collides with
      const [first, second] = reach.index < cur.index ? [reach.f, cur.f] : [cur.f, reach.f];
      throw invalid(
        `field "${second.name}" (offset ${second.offset}, ${second.size} bytes) overlaps "${first.name}" (offset ${first.offset}, ${first.size} bytes); only union views may overlap`,
        at(second),
      );
    }
    if (!reach || cur.f.offset + cur.f.size > reach.f.offset + reach.f.size) {
      reach = cur;
    }
  }
}

function at(f: LayoutField): Record<string, unknown> {
  return { field: f.name, offset: f.offset, ...(f.source ? { line: f.source.line, column: f.source.column } : {}) };
}

function invalid(message: string, details: Record<string, unknown>): CoreError {
  return new CoreError('INVALID_LAYOUT', message, details);
}
