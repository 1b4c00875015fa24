import { formatRevision } from '../../core/layouts/layout';
import type { NamedLayout } from '../layouts/named-layout';
import type { CheckResult, ConverterSummary, ReportedFinding } from './evaluate-check';

// Pieces of check output shared by the text and github formats.

// `file:line:col` when the finding's layout came from a file, otherwise the layout's name.
export function whereOf(f: ReportedFinding, result: CheckResult): string {
  const owner = f.side === 'checked' ? result.checked : result.reference;
  if (f.line === undefined) {
    return f.field === '' ? result.checked.name : owner.name;
  }
  if (f.file !== undefined) {
    return `${f.file}:${f.line}:${f.column ?? 1}`;
  }
  return `${owner.name} (line ${f.line}, column ${f.column ?? 1})`;
}

export function detailOf(f: ReportedFinding, result: CheckResult): string {
  const parts: string[] = [];
  if (f.fromOffset !== undefined && f.toOffset !== undefined) {
    parts.push(`offset ${f.fromOffset} -> ${f.toOffset}`);
  } else if (f.fromOffset !== undefined) {
    parts.push(`offset ${f.fromOffset}`);
  } else if (f.toOffset !== undefined) {
    parts.push(`offset ${f.toOffset}`);
  }
  if (f.encoding !== undefined) {
    parts.push(`encoding ${f.encoding}`);
  }
  if (f.refusedBy !== undefined) {
    parts.push(`refused by ${f.refusedBy} against ${f.against ?? result.reference.name}`);
  } else if (f.lineage !== undefined) {
    parts.push(`lineage ${f.lineage}, ${f.against ?? '?'}`);
  }
  return parts.length > 0 ? ` [${parts.join('; ')}]` : '';
}

export function headline(result: CheckResult): string {
  const head = result.reference === result.checked ? 'nothing (its lineage branches from none)' : label(result.reference);
  return `checking ${label(result.checked)} in lineage ${result.lineage} against ${head}`;
}

export function summaryLines(result: CheckResult): string[] {
  const { reference, checked, policy } = result;
  const refusing = result.findings.filter((f) => f.level === 'error').length;
  const shape = [result.verdict, result.inPlace ? 'in place' : 'fields move or resize'];
  if (result.revisionConflict) {
    shape.push('REVISION CONFLICT');
  }
  return [
    `${reference.name} -> ${checked.name}: ${shape.join(', ')}`,
    ...result.converters.map(converterLine),
    ...(result.sameAs.length > 0 ? [`same layout as ${result.sameAs.join(', ')} (always accepted)`] : []),
    `policy mode ${policy.mode}, sameRevision ${policy.sameRevision}${policy.transitive ? ', transitive' : ''}: ` +
      (result.accepted ? 'accepted' : `refused (${refusing} finding${refusing === 1 ? '' : 's'})`),
    ...(result.hint === undefined ? [] : [`hint: ${result.hint}`]),
  ];
}

function converterLine(c: ConverterSummary): string {
  const plan = `${c.copyRuns} copy runs, ${c.bytesCopied} bytes copied`;
  return `converter ${c.from} -> ${c.to}: ${c.lossy ? `lossy, loses ${c.lost.join(', ')}` : 'lossless'} (${plan})`;
}

function label(l: NamedLayout): string {
  const where = l.origin.kind === 'file' ? l.name : l.origin.kind === 'catalog' ? `${l.name} (built-in catalog)` : `${l.name} (${l.origin.url})`;
  return `${where}, revision ${formatRevision(l.layout.revision)}, ${l.layout.size} bytes, ${l.fingerprint.slice(0, 19)}`;
}
