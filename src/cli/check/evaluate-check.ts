import { encodingOf } from '../../core/catalog/encodings';
import { compareLayouts, type CompareOptions } from '../../core/compat/compare-layouts';
import type { CompatReport, Finding, Severity, Verdict } from '../../core/compat/compat-report';
import { buildPlan } from '../../core/conversion/plan';
import { resolveLineage } from '../../core/events/decide';
import type { RegistryState } from '../../core/projections/registry-state';
import { aliasMap, policyOf, reservedNames } from '../../core/projections/registry-state';
import { withReserved } from '../../core/layouts/reserved';
import { judgeRegistration, type PolicyCheck, type PolicyFinding } from '../../core/policy/judge-registration';
import type { PolicyMode, RegistrationPolicy } from '../../core/policy/registration-policy';
import { toRegisteredData } from '../../core/registry/registration-data';
import { sourceFile, type NamedLayout } from '../layouts/named-layout';

export interface CheckInput {
  checked: NamedLayout; // N: the layout in the file under review
  lineage: string; // N's lineage (default mainline)
  branchesFrom?: string | null; // for a lineage the registry does not hold yet
  state: RegistryState; // the registry: the catalog's history, or a service's log
  against?: NamedLayout; // an explicit reference instead of the lineage's head
  mode?: PolicyMode; // instead of the lineage policy's mode
  named: (name: string) => Promise<NamedLayout>; // a registered layout, for its source lines
}

// error: the policy refuses the change because of this finding; warning/info: reported only.
export type Level = 'error' | 'warning' | 'info';

export interface ReportedFinding extends Finding {
  level: Level;
  refusedBy?: PolicyCheck;
  against?: string; // the layout a refusing finding (or a lineage warning) compares with
  lineage?: string; // a warning's other lineage
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
  reference: NamedLayout; // the lineage's head (or --against); N itself when there is none
  checked: NamedLayout;
  lineage: string;
  policy: RegistrationPolicy;
  accepted: boolean;
  references: string[]; // every layout the gate compared N with
  sameAs: string[];
  hint?: string;
  verdict: Verdict; // reference -> checked
  inPlace: boolean;
  revisionConflict: boolean;
  findings: ReportedFinding[];
  converters: ConverterSummary[]; // reference -> checked, checked -> reference
}

const AGAINST = '\u0000against'; // a lineage name no registry can hold (not a slug)

// `check` is the registration gate run locally: judgeRegistration, the function the service's
// decide calls, on the same registry state, so `check` and `register` agree on every file.
// Every difference reference -> N is reported; the gate's findings say which of them refuse.
export async function evaluateCheck(input: CheckInput): Promise<CheckResult> {
  const { checked } = input;
  const state = input.against ? withHead(input.state, input.lineage, input.against) : input.state;
  const lineage = input.against ? AGAINST : input.lineage;
  const { branchesFrom } = resolveLineage({ lineage: input.lineage, branchesFrom: input.branchesFrom }, input.state);
  const judged = withMode(state, lineage, input.mode);
  const judgement = judgeRegistration({ name: checked.name, lineage, branchesFrom, layout: checked.layout, fingerprint: checked.fingerprint }, judged, encodingOf);
  const head = judgement.references[0]?.name;
  const reference = input.against ?? (head === undefined ? checked : await input.named(head));
  const opts: CompareOptions = { aliases: aliasMap(state), reserved: reservedNames(state), encodingOf };
  const forth = compareLayouts(reference.layout, checked.layout, opts);
  const back = compareLayouts(checked.layout, reference.layout, opts);

  const refusing = new Map<string, PolicyCheck>();
  const others: PolicyFinding[] = [];
  for (const f of judgement.findings.flatMap((g) => g.findings)) {
    if (f.check !== 'forward' && f.against === reference.name) {
      refusing.set(keyOf(f), f.check);
    } else {
      others.push(f);
    }
  }
  const findings: ReportedFinding[] = forth.findings.map((f) => {
    const check = refusing.get(keyOf(f));
    const level: Level = check ? 'error' : levelOf(f.severity);
    return locate({ ...f, level, ...(check ? { refusedBy: check, against: reference.name } : {}) }, reference, checked, input);
  });
  // forward findings compare N -> P; the rest compare with layouts other than the head
  // (transitive, or in-place-all): each is reported against the layout it names.
  for (const f of others) {
    const { check, ...finding } = f;
    const [a, b] = check === 'forward' ? [checked, reference] : [reference, checked];
    findings.push(locate({ ...finding, level: 'error', refusedBy: check }, a, b, input));
  }
  for (const w of judgement.warnings) {
    findings.push({ ...w, level: 'warning', side: 'checked', ...(sourceFile(checked) === undefined || w.line === undefined ? {} : { file: sourceFile(checked) }) });
  }
  return {
    reference,
    checked,
    lineage: input.lineage,
    policy: judgement.policy,
    accepted: judgement.accepted,
    references: judgement.references.map((r) => r.name),
    sameAs: judgement.sameAs,
    ...(judgement.hint === undefined ? {} : { hint: judgement.hint }),
    verdict: forth.verdict,
    inPlace: forth.inPlace,
    revisionConflict: forth.revisionConflict,
    findings,
    converters: [converter(reference, checked, forth, opts), converter(checked, reference, back, opts)],
  };
}

// --against REF: the registry as it is, with REF as the head of a lineage of its own that
// keeps the policy of the checked lineage.
function withHead(state: RegistryState, lineage: string, against: NamedLayout): RegistryState {
  const layouts = new Map(state.layouts);
  if (!layouts.has(against.name)) {
    const data = toRegisteredData({ name: against.name, format: 'json', source: '', layout: against.layout, lineage: AGAINST });
    const position = state.position + 1; // never recorded: after the log's end, at the epoch
    layouts.set(against.name, { registered: data, position, registeredAt: new Date(0).toISOString(), updatedPosition: position, deprecated: null, annotations: {} });
  }
  const lineages = new Map(state.lineages);
  const position = layouts.get(against.name)?.position ?? state.position + 1;
  lineages.set(AGAINST, { name: AGAINST, branchesFrom: null, layouts: [against.name], policy: policyOf(state, lineage), position, updatedPosition: position });
  return { ...state, layouts, lineages };
}

// --mode: what the gate would say if the lineage's policy had this mode.
function withMode(state: RegistryState, lineage: string, mode: PolicyMode | undefined): RegistryState {
  const current = state.lineages.get(lineage);
  if (mode === undefined) {
    return state;
  }
  const policy = { ...policyOf(state, lineage), mode };
  if (!current) {
    return { ...state, policy };
  }
  const lineages = new Map(state.lineages);
  lineages.set(lineage, { ...current, policy });
  return { ...state, lineages };
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
  const owner = f.rule === 'FIELD_REMOVED' || f.rule === 'FIELD_RETIRED' ? a : b;
  const side = owner === input.checked ? 'checked' : 'reference';
  const file = f.line === undefined ? undefined : sourceFile(owner);
  const message = f.message
    .replace(/ in B$/, ` in ${b.name}`)
    .replace(/\(A, at /, `(${a.name}, at `)
    .replace(/\(B, at /, `(${b.name}, at `);
  return { ...f, message, side, ...(file === undefined ? {} : { file }) };
}

function converter(from: NamedLayout, to: NamedLayout, report: CompatReport, opts: CompareOptions): ConverterSummary {
  const side = (l: NamedLayout): NamedLayout => ({ ...l, layout: withReserved(l.layout, opts.reserved) });
  const plan = buildPlan(side(from), side(to), opts.aliases);
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
