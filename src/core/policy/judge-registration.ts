import { compareLayouts, type CompareOptions } from '../compat/compare-layouts';
import type { EncodingLookup, Finding } from '../compat/compat-report';
import type { LineageWarning, PolicyCheck, ReferenceFindings } from './judgement-types';
import { breaksInPlace, losesData } from '../compat/rules';
import { covers, indexLayout, matchFields, normalType, type IndexedField, type IndexedLayout } from '../compat/field-index';
import { renamedOverlaps } from '../compat/overlaps';
import { assertNever } from '../errors';
import type { LayoutRegisteredData } from '../events/events';
import { lineageOf } from '../events/events';
import type { RegistryState } from '../projections/registry-state';
import { aliasMap, policyOf, reservedNames } from '../projections/registry-state';
import type { Layout } from '../layouts/layout';
import { withReserved } from '../layouts/reserved';
import { layoutFromRegistration } from '../registry/registration-data';
import type { PolicyMode, RegistrationPolicy } from './registration-policy';
import { referencesOf, type Reference } from './references';

// The registration gate (API.md "Registration policy (per lineage)"): the one function the
// service's decide and the CLI's `check` both call, so they cannot disagree about a file.

export type { LineageWarning, PolicyCheck, PolicyFinding, ReferenceFindings } from './judgement-types';

export interface Candidate {
  name: string;
  lineage: string;
  branchesFrom: string | null; // for the first layout of a lineage; else the lineage's own
  layout: Layout;
  fingerprint: string;
}

export interface Judgement {
  accepted: boolean;
  lineage: string;
  policy: RegistrationPolicy;
  references: Reference[]; // what N was compared with under `mode` and `sameRevision`
  sameAs: string[]; // registered layouts with N's fingerprint: always accepted
  findings: ReferenceFindings[]; // the refusing ones, per reference
  warnings: LineageWarning[];
  hint?: string; // what would pass, on a refusal
}


interface Indexed {
  name: string;
  lineage: string;
  index: IndexedLayout;
}

export function judgeRegistration(candidate: Candidate, state: RegistryState, encodingOf?: EncodingLookup): Judgement {
  const reserved = reservedNames(state);
  const aliases = aliasMap(state);
  const opts: CompareOptions = { aliases, reserved, encodingOf };
  const policy = policyOf(state, candidate.lineage);
  const references = referencesOf(candidate.lineage, candidate.branchesFrom, state, policy.transitive);
  const sameAs = [...state.layouts.values()].filter((l) => l.registered.fingerprint === candidate.fingerprint).map((l) => l.registered.name);
  const index = (layout: Layout): IndexedLayout => indexLayout(withReserved(layout, reserved), aliases);
  const n = index(candidate.layout);
  const layoutNamed = (name: string): LayoutRegisteredData => (state.layouts.get(name) as { registered: LayoutRegisteredData }).registered;

  const groups = new Map<string, ReferenceFindings>();
  const refuse = (ref: Reference, check: PolicyCheck, findings: Finding[]): void => {
    if (findings.length === 0) {
      return;
    }
    const group = groups.get(ref.name) ?? { reference: ref.name, lineage: ref.lineage, findings: [] };
    group.findings.push(...findings.map((f) => ({ ...f, against: ref.name, check })));
    groups.set(ref.name, group);
  };
  if (sameAs.length === 0) {
    for (const ref of references) {
      const p = layoutFromRegistration(layoutNamed(ref.name));
      for (const check of directions(policy.mode)) {
        const report = check === 'backward' ? compareLayouts(p, candidate.layout, opts) : compareLayouts(candidate.layout, p, opts);
        refuse(ref, check, report.findings.filter((f) => losesData(f.rule)));
      }
    }
    const sameRevisionRefs: Reference[] =
      policy.sameRevision === 'in-place'
        ? references
        : policy.sameRevision === 'in-place-all'
          ? [...state.layouts.values()].map((l) => ({ name: l.registered.name, lineage: lineageOf(l.registered) }))
          : [];
    for (const ref of sameRevisionRefs) {
      const p = layoutFromRegistration(layoutNamed(ref.name));
      if (p.revision === candidate.layout.revision) {
        refuse(ref, 'sameRevision', inPlaceFindings(p, candidate.layout, index(p), n, opts));
      }
    }
  }
  const findings = [...groups.values()];
  const primary = references[0] ? { name: references[0].name, lineage: references[0].lineage, index: index(layoutFromRegistration(layoutNamed(references[0].name))) } : undefined;
  const heads = otherHeads(candidate, state, references).map((name) => {
    const data = layoutNamed(name);
    return { name, lineage: lineageOf(data), index: index(layoutFromRegistration(data)) };
  });
  const warnings = lineageWarnings(n, primary, heads);
  const judgement: Judgement = { accepted: findings.length === 0, lineage: candidate.lineage, policy, references, sameAs, findings, warnings };
  if (!judgement.accepted) {
    judgement.hint = hintFor(findings, policy, candidate.lineage, primary);
  }
  return judgement;
}

function directions(mode: PolicyMode): Array<'backward' | 'forward'> {
  switch (mode) {
    case 'none':
      return [];
    case 'backward':
      return ['backward'];
    case 'forward':
      return ['forward'];
    case 'full':
      return ['backward', 'forward'];
    default:
      return assertNever(mode, 'policy mode');
  }
}

// The kernel's rule (the comment on struct vmcs12): every data field of the reference keeps its
// offset and width, or is retired into reserved bytes; a new field lies in bytes the reference
// reserved or past its used bytes.
function inPlaceFindings(ref: Layout, n: Layout, iRef: IndexedLayout, iN: IndexedLayout, opts: CompareOptions): Finding[] {
  const out = compareLayouts(ref, n, opts).findings.filter((f) => breaksInPlace(f.rule));
  for (const fb of matchFields(iRef, iN).onlyB) {
    const f = fb.field;
    const free = covers(iRef.reserved, f.offset, fb.end) || f.offset >= iRef.usedEnd;
    // Over a data field of the reference, the overlap is already a REVISION_CONFLICT above.
    const overData = iRef.data.some((d) => d.field.offset < fb.end && f.offset < d.end);
    if (!free && !overData) {
      out.push({
        rule: 'REVISION_CONFLICT',
        severity: 'error',
        field: f.name,
        message: `${f.name} at ${f.offset} lies in bytes the reference neither reserved nor left past its used bytes (${iRef.usedEnd})`,
        toOffset: f.offset,
        ...(f.source ? { line: f.source.line, column: f.source.column } : {}),
      });
    }
  }
  return out;
}

// The latest layout of every other lineage that shares N's revision id, other than the
// references themselves (those were judged).
function otherHeads(candidate: Candidate, state: RegistryState, references: readonly Reference[]): string[] {
  const judged = new Set(references.map((r) => r.name));
  const heads: string[] = [];
  for (const lineage of state.lineages.values()) {
    const head = lineage.layouts.at(-1);
    if (lineage.name === candidate.lineage || head === undefined || judged.has(head)) {
      continue;
    }
    if (layoutFromRegistration((state.layouts.get(head) as { registered: LayoutRegisteredData }).registered).revision === candidate.layout.revision) {
      heads.push(head);
    }
  }
  return heads;
}

// Only what N changes against its reference can be news to another lineage: its new (or moved
// or reshaped) fields. A conflict N inherits from its reference is history, not a warning.
function lineageWarnings(n: IndexedLayout, primary: Indexed | undefined, heads: readonly Indexed[]): LineageWarning[] {
  const changed = new Set<string>();
  if (primary) {
    const { shared, onlyB } = matchFields(primary.index, n);
    onlyB.forEach((f) => changed.add(f.key));
    shared.filter(({ a, b }) => !samePlace(a, b)).forEach(({ b }) => changed.add(b.key));
  } else {
    n.data.forEach((f) => changed.add(f.key));
  }
  const warnings: LineageWarning[] = [];
  for (const head of heads) {
    for (const { a: theirs, b: ours } of renamedOverlaps(head.index, n)) {
      if (changed.has(ours.key)) {
        warnings.push(warning(head, ours, theirs, `offset ${theirs.field.offset} holds ${theirs.field.name} in lineage ${head.lineage} (${head.name}); here ${ours.field.name} (at ${ours.field.offset}) uses those bytes`));
      }
    }
    for (const { a: theirs, b: ours } of matchFields(head.index, n).shared) {
      if (changed.has(ours.key) && !samePlace(theirs, ours)) {
        warnings.push(warning(head, ours, theirs, `${ours.field.name} is at ${theirs.field.offset} (${theirs.field.type} x${theirs.field.count}) in lineage ${head.lineage} (${head.name}), here at ${ours.field.offset}`));
      }
    }
  }
  return warnings;
}

function samePlace(a: IndexedField, b: IndexedField): boolean {
  return a.field.offset === b.field.offset && normalType(a.field.type) === normalType(b.field.type) && a.field.count === b.field.count;
}

function warning(head: Indexed, ours: IndexedField, theirs: IndexedField, message: string): LineageWarning {
  const f = ours.field;
  return {
    rule: 'REVISION_CONFLICT',
    severity: 'warning',
    field: f.name,
    message,
    fromOffset: theirs.field.offset,
    toOffset: f.offset,
    ...(f.source ? { line: f.source.line, column: f.source.column } : {}),
    lineage: head.lineage,
    against: head.name,
    heldBy: theirs.field.name,
  };
}

// What would pass, in the words of the refusal.
function hintFor(findings: readonly ReferenceFindings[], policy: RegistrationPolicy, lineage: string, primary: Indexed | undefined): string {
  const checks = new Set(findings.flatMap((g) => g.findings.map((f) => f.check)));
  const parts: string[] = [];
  if (checks.has('sameRevision')) {
    const against = primary ? ` of ${primary.name}` : '';
    const free = primary ? freeBytes(primary.index) : '';
    parts.push(
      `Under one VMCS12_REVISION a layout may only grow the kernel's way: keep every field${against} at its offset and width (or retire it into reserved bytes), ` +
        `and put new fields into reserved bytes${free} or past the used bytes${primary ? ` (from ${primary.index.usedEnd})` : ''}. ` +
        'Otherwise give the layout a new VMCS12_REVISION, declare a renamed field (POST /aliases) or a reserved name (POST /reserved), ' +
        'or register it in a lineage of its own (lineage, branchesFrom).',
    );
    if (policy.sameRevision === 'in-place-all') {
      parts.push(`sameRevision "in-place-all" compares with every layout of that revision id in every lineage; "in-place" judges against the lineage's head only (PUT /lineages/${lineage}/policy).`);
    }
  }
  if (checks.has('backward') || checks.has('forward')) {
    parts.push(`mode "${policy.mode}" refuses lost or narrowed fields: keep them, or change the lineage's policy (PUT /lineages/${lineage}/policy).`);
  }
  return parts.join(' ');
}

function freeBytes(index: IndexedLayout): string {
  const slots = index.layout.fields
    .filter((f) => f.role === 'padding' && f.offset < index.usedEnd)
    .slice(0, 6)
    .map((f) => `${f.name} at ${f.offset} (${f.size} bytes)`);
  return slots.length === 0 ? '' : ` (${slots.join(', ')})`;
}
