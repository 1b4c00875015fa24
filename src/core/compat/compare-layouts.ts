import type { Layout, LayoutField } from '../layouts/layout';
import {
  formatEncoding,
  type CompatReport,
  type EncodingLookup,
  type FieldRef,
  type Finding,
  type LostField,
  type MovedField,
  type ResizedField,
  type Verdict,
} from './compat-report';
import { indexLayout, matchFields, normalType, type Aliases, type IndexedField, type IndexedLayout } from './field-index';
import { renamedOverlaps } from './overlaps';

export interface CompareOptions {
  aliases?: Aliases;
  encodingOf?: EncodingLookup;
}

// Compatibility from A to B over data fields (API.md "Compatibility"). Every difference is a
// finding; the lists and verdict are derived from the same pass so they cannot disagree.
export function compareLayouts(a: Layout, b: Layout, opts: CompareOptions = {}): CompatReport {
  return compareIndexed(indexLayout(a, opts.aliases), indexLayout(b, opts.aliases), opts.encodingOf);
}

function located(field: LayoutField): Pick<Finding, 'line' | 'column'> {
  return field.source ? { line: field.source.line, column: field.source.column } : {};
}

function describe(f: LayoutField): string {
  return f.count > 1 ? `${f.type}[${f.count}]` : f.type;
}

export function compareIndexed(a: IndexedLayout, b: IndexedLayout, encodingOf?: EncodingLookup): CompatReport {
  const enc = (...names: string[]): { encoding?: string } => {
    for (const name of names) {
      const encoding = formatEncoding(encodingOf?.(name));
      if (encoding !== undefined) {
        return { encoding };
      }
    }
    return {};
  };
  const ref = (f: LayoutField): FieldRef => ({ name: f.name, type: f.type, count: f.count, offset: f.offset, ...enc(f.name) });
  const renamed = (fa: IndexedField, fb: IndexedField): { fromName?: string } =>
    fa.field.name === fb.field.name ? {} : { fromName: fa.field.name };

  const sameRevision = a.layout.revision === b.layout.revision;
  const findings: Finding[] = [];
  const conflicts: Finding[] = [];
  const lost: LostField[] = [];
  const moved: MovedField[] = [];
  const resized: ResizedField[] = [];

  if (a.layout.size !== b.layout.size) {
    findings.push({
      rule: 'SIZE_CHANGED',
      severity: 'warning',
      field: '',
      message: `blob size changes from ${a.layout.size} to ${b.layout.size} bytes`,
    });
  }
  const { shared, onlyA, onlyB } = matchFields(a, b);
  for (const fa of onlyA) {
    const f = fa.field;
    lost.push({ ...ref(f), reason: 'removed' });
    findings.push({
      rule: 'FIELD_REMOVED',
      severity: 'error',
      field: f.name,
      message: `${f.name} (${describe(f)} at ${f.offset}) has no place in B`,
      fromOffset: f.offset,
      ...located(f),
      ...enc(f.name),
    });
  }
  for (const { a: fa, b: fb } of shared) {
    const from = fa.field;
    const to = fb.field;
    const codes = enc(to.name, from.name);
    const where = { fromOffset: from.offset, toOffset: to.offset, ...located(to), ...codes };
    if (from.offset !== to.offset) {
      moved.push({ name: to.name, ...renamed(fa, fb), fromOffset: from.offset, toOffset: to.offset, ...codes });
      findings.push({
        rule: 'FIELD_MOVED',
        severity: 'warning',
        field: to.name,
        message: `${to.name} moves from ${from.offset} to ${to.offset}`,
        ...where,
      });
    }
    const sameShape = normalType(from.type) === normalType(to.type) && from.count === to.count;
    if (!sameShape) {
      resized.push({
        name: to.name,
        ...renamed(fa, fb),
        fromType: from.type,
        toType: to.type,
        fromCount: from.count,
        toCount: to.count,
        ...codes,
      });
      const narrowed = fb.width < fa.width || to.count < from.count;
      if (narrowed) {
        lost.push({ ...ref(from), ...codes, reason: 'narrowed' });
      }
      findings.push({
        rule: narrowed ? 'FIELD_NARROWED' : 'FIELD_RESIZED',
        severity: narrowed ? 'error' : 'warning',
        field: to.name,
        message: `${to.name} changes from ${describe(from)} to ${describe(to)}`,
        ...where,
      });
    }
    if (sameRevision && (from.offset !== to.offset || !sameShape)) {
      conflicts.push({
        rule: 'REVISION_CONFLICT',
        severity: 'error',
        field: to.name,
        message: `${to.name} changed place or shape under the same revision id`,
        ...where,
      });
    }
  }
  const added = onlyB.map((fb) => ref(fb.field));
  for (const fb of onlyB) {
    const f = fb.field;
    findings.push({
      rule: 'FIELD_ADDED',
      severity: 'info',
      field: f.name,
      message: `${f.name} (${describe(f)} at ${f.offset}) is new in B`,
      toOffset: f.offset,
      ...located(f),
      ...enc(f.name),
    });
  }
  if (sameRevision) {
    for (const { a: fa, b: fb } of renamedOverlaps(a, b)) {
      conflicts.push({
        rule: 'REVISION_CONFLICT',
        severity: 'error',
        field: fb.field.name,
        message: `bytes of ${fa.field.name} (A, at ${fa.field.offset}) hold ${fb.field.name} (B, at ${fb.field.offset}) under the same revision id`,
        fromOffset: fa.field.offset,
        toOffset: fb.field.offset,
        ...located(fb.field),
        ...enc(fb.field.name),
      });
    }
  }
  findings.push(...conflicts);
  lost.sort((x, y) => x.offset - y.offset);
  const verdict: Verdict = a.signature === b.signature ? 'identical' : lost.length > 0 ? 'lossy' : 'compatible';
  return {
    verdict,
    lost,
    added,
    moved,
    resized,
    inPlace: moved.length === 0 && resized.length === 0,
    revisionConflict: conflicts.length > 0,
    findings,
  };
}
