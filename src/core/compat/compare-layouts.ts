import type { Layout, LayoutField } from '../layouts/layout';
import type { CompatReport, EncodingLookup, Verdict } from './compat-report';
import { withReserved, type ReservedNames } from '../layouts/reserved';
import { covers, indexLayout, matchFields, normalType, type Aliases, type IndexedField, type IndexedLayout } from './field-index';
import { renamedOverlaps } from './overlaps';
import { ReportBuilder, describe, located, type Where } from './report-builder';

export interface CompareOptions {
  aliases?: Aliases;
  encodingOf?: EncodingLookup;
  reserved?: ReservedNames; // declared reserved names (POST /reserved): padding in both layouts
}

// Compatibility from A to B over data fields (API.md "Compatibility"). Every difference is a
// finding; the lists and verdict are derived from the same pass so they cannot disagree.
export function compareLayouts(a: Layout, b: Layout, opts: CompareOptions = {}): CompatReport {
  const index = (l: Layout): IndexedLayout => indexLayout(withReserved(l, opts.reserved), opts.aliases);
  return compareIndexed(index(a), index(b), opts.encodingOf);
}

interface SharedPair {
  a: IndexedField;
  b: IndexedField;
}

// The rules run in the order their findings appear in a report; conflicts come last.
export function compareIndexed(a: IndexedLayout, b: IndexedLayout, encodingOf?: EncodingLookup): CompatReport {
  const r = new ReportBuilder(encodingOf);
  const sameRevision = a.layout.revision === b.layout.revision;
  sizeChanged(r, a.layout, b.layout);
  const { shared, onlyA, onlyB } = matchFields(a, b);
  onlyA.forEach((fa) => (covers(b.reserved, fa.field.offset, fa.end) ? fieldRetired(r, fa.field) : fieldRemoved(r, fa.field)));
  for (const pair of shared) {
    const where = sharedPlace(r, pair);
    const moved = fieldMoved(r, pair, where);
    const reshaped = fieldReshaped(r, pair, where);
    if (sameRevision && (moved || reshaped)) {
      r.add('REVISION_CONFLICT', pair.b.field.name, `${pair.b.field.name} changed place or shape under the same revision id`, where);
    }
  }
  onlyB.forEach((fb) => fieldAdded(r, fb.field));
  if (sameRevision) {
    renamedOverlaps(a, b).forEach((pair) => bytesRenamed(r, pair));
  }
  const verdict: Verdict = a.signature === b.signature ? 'identical' : r.lost.length > 0 ? 'lossy' : 'compatible';
  return r.report(verdict);
}

function sizeChanged(r: ReportBuilder, a: Layout, b: Layout): void {
  if (a.size !== b.size) {
    r.add('SIZE_CHANGED', '', `blob size changes from ${a.size} to ${b.size} bytes`);
  }
}

function fieldRemoved(r: ReportBuilder, f: LayoutField): void {
  r.lost.push({ ...r.ref(f), reason: 'removed' });
  r.add('FIELD_REMOVED', f.name, `${f.name} (${describe(f)} at ${f.offset}) has no place in B`, {
    fromOffset: f.offset,
    ...located(f),
    ...r.enc(f.name),
  });
}

// The kernel kept the bytes and stopped using them: the value has no home in B, but the bytes
// mean nothing else there, so this is no revision conflict.
function fieldRetired(r: ReportBuilder, f: LayoutField): void {
  r.lost.push({ ...r.ref(f), reason: 'removed' });
  r.retired.push(r.ref(f));
  r.add('FIELD_RETIRED', f.name, `${f.name} (${describe(f)} at ${f.offset}) is retired: its bytes are reserved in B`, {
    fromOffset: f.offset,
    ...located(f),
    ...r.enc(f.name),
  });
}

function fieldAdded(r: ReportBuilder, f: LayoutField): void {
  r.added.push(r.ref(f));
  r.add('FIELD_ADDED', f.name, `${f.name} (${describe(f)} at ${f.offset}) is new in B`, { toOffset: f.offset, ...located(f), ...r.enc(f.name) });
}

function sharedPlace(r: ReportBuilder, { a, b }: SharedPair): Where {
  return { fromOffset: a.field.offset, toOffset: b.field.offset, ...located(b.field), ...r.enc(b.field.name, a.field.name) };
}

function renamed({ a, b }: SharedPair): { fromName?: string } {
  return a.field.name === b.field.name ? {} : { fromName: a.field.name };
}

function fieldMoved(r: ReportBuilder, pair: SharedPair, where: Where): boolean {
  const from = pair.a.field;
  const to = pair.b.field;
  if (from.offset === to.offset) {
    return false;
  }
  r.moved.push({ name: to.name, ...renamed(pair), fromOffset: from.offset, toOffset: to.offset, ...encodingOnly(where) });
  r.add('FIELD_MOVED', to.name, `${to.name} moves from ${from.offset} to ${to.offset}`, where);
  return true;
}

// Wider or more elements is a resize; narrower or fewer loses the upper bytes or elements.
function fieldReshaped(r: ReportBuilder, pair: SharedPair, where: Where): boolean {
  const from = pair.a.field;
  const to = pair.b.field;
  if (normalType(from.type) === normalType(to.type) && from.count === to.count) {
    return false;
  }
  const codes = encodingOnly(where);
  r.resized.push({ name: to.name, ...renamed(pair), fromType: from.type, toType: to.type, fromCount: from.count, toCount: to.count, ...codes });
  const narrowed = pair.b.width < pair.a.width || to.count < from.count;
  if (narrowed) {
    r.lost.push({ ...r.ref(from), ...codes, reason: 'narrowed' });
  }
  r.add(narrowed ? 'FIELD_NARROWED' : 'FIELD_RESIZED', to.name, `${to.name} changes from ${describe(from)} to ${describe(to)}`, where);
  return true;
}

// Under one revision id, a reader of B would take A's value of one field for another's.
function bytesRenamed(r: ReportBuilder, { a, b }: SharedPair): void {
  r.add(
    'REVISION_CONFLICT',
    b.field.name,
    `bytes of ${a.field.name} (A, at ${a.field.offset}) hold ${b.field.name} (B, at ${b.field.offset}) under the same revision id`,
    { fromOffset: a.field.offset, toOffset: b.field.offset, ...located(b.field), ...r.enc(b.field.name) },
  );
}

function encodingOnly(where: Where): { encoding?: string } {
  return where.encoding === undefined ? {} : { encoding: where.encoding };
}
