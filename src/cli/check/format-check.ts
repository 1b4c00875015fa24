import { formatRevision } from '../../core/layouts/layout';
import { EXIT_OK, EXIT_REFUSED } from '../exit-codes';
import type { NamedLayout } from '../layouts/named-layout';
import { detailOf, headline, summaryLines, whereOf } from './describe-finding';
import type { CheckResult, Level, ReportedFinding } from './evaluate-check';

export const CHECK_FORMATS = ['text', 'json', 'github'] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

export function formatCheck(result: CheckResult, format: CheckFormat): string {
  switch (format) {
    case 'text':
      return formatText(result);
    case 'json':
      return JSON.stringify(toJson(result), null, 2) + '\n';
    case 'github':
      return formatGithub(result);
  }
}

// Like `buf breaking`: one line per finding, `file:line:col: level RULE field: message`.
function formatText(result: CheckResult): string {
  const lines = [headline(result)];
  for (const f of result.findings) {
    lines.push(`${whereOf(f, result)}: ${f.level} ${f.rule} ${f.field}: ${f.message}${detailOf(f, result)}`);
  }
  if (result.findings.length === 0) {
    lines.push('no differences in data fields, revision or size');
  }
  return [...lines, ...summaryLines(result)].join('\n') + '\n';
}

// GitHub Actions workflow commands: each finding becomes an annotation on the line it names
// (the checked file, or the reference file for a removed field); refusing findings are errors.
function formatGithub(result: CheckResult): string {
  const lines = result.findings.map((f) => annotation(f, result));
  return [...lines, ...summaryLines(result)].join('\n') + '\n';
}

const COMMANDS: Record<Level, string> = { error: 'error', warning: 'warning', info: 'notice' };

function annotation(f: ReportedFinding, result: CheckResult): string {
  const props: string[] = [];
  const file = f.file ?? (result.checked.origin.kind === 'file' ? result.checked.origin.path : undefined);
  if (file !== undefined) {
    props.push(`file=${escapeProperty(file)}`);
    if (f.file !== undefined && f.line !== undefined) {
      props.push(`line=${f.line}`, `col=${f.column ?? 1}`);
    }
  }
  props.push(`title=${escapeProperty(`${f.rule} ${f.field}`.trim())}`);
  const where = f.file === undefined && f.line !== undefined ? ` (${whereOf(f, result)})` : '';
  return `::${COMMANDS[f.level]} ${props.join(',')}::${escapeData(`${f.message}${where}${detailOf(f, result)}`)}`;
}

export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function toJson(result: CheckResult): Record<string, unknown> {
  return {
    reference: layoutJson(result.reference),
    checked: layoutJson(result.checked),
    lineage: result.lineage,
    policy: result.policy,
    accepted: result.accepted,
    references: result.references,
    sameAs: result.sameAs,
    ...(result.hint === undefined ? {} : { hint: result.hint }),
    exitCode: result.accepted ? EXIT_OK : EXIT_REFUSED,
    verdict: result.verdict,
    inPlace: result.inPlace,
    revisionConflict: result.revisionConflict,
    findings: result.findings,
    converters: result.converters,
  };
}

function layoutJson(l: NamedLayout): Record<string, unknown> {
  return { name: l.name, origin: l.origin, revision: formatRevision(l.layout.revision), size: l.layout.size, fingerprint: l.fingerprint };
}
