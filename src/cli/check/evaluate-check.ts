import { encodingOf } from '../../core/catalog/encodings';
import type { Aliases } from '../../core/compat/field-index';
import { compareLayouts, type CompareOptions } from '../../core/compat/compare-layouts';
import type { CompatReport, Finding, Severity, Verdict } from '../../core/compat/compat-report';
import { buildPlan } from '../../core/conversion/plan';
import { checkRegistration, type PolicyCheck, type PolicyFinding } from '../../core/policy/check-registration';
import type { PolicyMode, RegistrationPolicy } from '../../core/policy/registration-policy';
import { sourceFile, type NamedLayout } from '../layouts/named-layout';

export interface CheckInput {
  reference: NamedLayout; // P: what is already out there
  checked: NamedLayout; // N: the layout in the file under review
  mode: PolicyMode;
  aliases?: Aliases;
}

// error: the policy refuses the change because of this finding; warning/info: reported only.
export type Level = 'error' | 'warning' | 'info';

export interface ReportedFinding extends Finding {
  level: Level;
  refusedBy?: PolicyCheck;
  side: 'reference' | 'checked'; // the layout `line`/`column` belong to
  file?: string; // that layout's file, when it came from one
}

export interface ConverterSummary {
  from: string;
  to: string;
  lossy: boolean;
  lost: string[]; // data fields of `from` with no (or a narrower) place in `to`
  planId: string;
  copyRuns: number;
  bytesCopied: number;
}

export interface CheckResult {
  reference: NamedLayout;
  checked: NamedLayout;
  policy: RegistrationPolicy;
  accepted: boolean;
  verdict: Verdict; // reference -> checked
  inPlace: boolean;
  revisionConflict: boolean;
  findings: ReportedFinding[];
  converters: ConverterSummary[]; // reference -> checked, checked -> reference
}

// `check` is the registration gate run locally: N is judged against one registered layout P
// under {mode, sameRevision: in-place}, so its verdict is the service's for the same pair.
// Every difference P -> N is reported; the policy's own findings say which of them refuse.
export function evaluateCheck(input: CheckInput): CheckResult {
  const { reference, checked } = input;
  const opts: CompareOptions = { aliases: input.aliases, encodingOf };
  const policy: RegistrationPolicy = { mode: input.mode, transitive: false, sameRevision: 'in-place' };
  const gate = checkRegistration(checked.layout, [{ name: reference.name, layout: reference.layout }], policy, opts);
  const forth = compareLayouts(reference.layout, checked.layout, opts);
  const back = compareLayouts(checked.layout, reference.layout, opts);

  const refusing = new Map<string, PolicyCheck>();
  for (const f of gate.findings) {
    if (f.check !== 'forward') {
      refusing.set(keyOf(f), f.check);
    }
  }
  const findings: ReportedFinding[] = forth.findings.map((f) => {
    const check = refusing.get(keyOf(f));
    return locate({ ...f, level: check ? 'error' : levelOf(f.severity), ...(check ? { refusedBy: check } : {}) }, reference, checked, input);
  });
  // forward findings compare N -> P: a field N adds that P cannot hold
  for (const f of gate.findings.filter((g: PolicyFinding) => g.check === 'forward')) {
    const { against: _against, check: _check, ...finding } = f;
    findings.push(locate({ ...finding, level: 'error', refusedBy: 'forward' }, checked, reference, input));
  }
  return {
    reference,
    checked,
    policy,
    accepted: gate.ok,
    verdict: forth.verdict,
    inPlace: forth.inPlace,
    revisionConflict: forth.revisionConflict,
    findings,
    converters: [converter(reference, checked, forth, input.aliases), converter(checked, reference, back, input.aliases)],
  };
}

function keyOf(f: Finding): string {
  return `${f.rule}|${f.field}|${f.fromOffset ?? ''}|${f.toOffset ?? ''}`;
}

function levelOf(severity: Severity): Level {
  return severity === 'info' ? 'info' : 'warning';
}

// A finding of compareLayouts(a, b) carries a's line for a removed field and b's otherwise;
// its message calls the two layouts A and B, which are named here.
function locate(f: Omit<ReportedFinding, 'side' | 'file'>, a: NamedLayout, b: NamedLayout, input: CheckInput): ReportedFinding {
  const owner = f.rule === 'FIELD_REMOVED' ? a : b;
  const side = owner === input.checked ? 'checked' : 'reference';
  const file = f.line === undefined ? undefined : sourceFile(owner);
  const message = f.message
    .replace(/ in B$/, ` in ${b.name}`)
    .replace(/\(A, at /, `(${a.name}, at `)
    .replace(/\(B, at /, `(${b.name}, at `);
  return { ...f, message, side, ...(file === undefined ? {} : { file }) };
}

function converter(from: NamedLayout, to: NamedLayout, report: CompatReport, aliases: Aliases | undefined): ConverterSummary {
  const plan = buildPlan(from, to, aliases);
  return {
    from: from.name,
    to: to.name,
    lossy: report.lost.length > 0,
    lost: report.lost.map((l) => (l.reason === 'narrowed' ? `${l.name} (narrowed)` : l.name)),
    planId: plan.id,
    copyRuns: plan.copyRuns,
    bytesCopied: plan.bytesCopied,
  };
}
