import type { LayoutField } from '../layouts/layout';
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
import { RULES, type FindingRule } from './rules';

// Where a finding is: offsets, source position, encoding.
export type Where = Omit<Finding, 'rule' | 'severity' | 'field' | 'message'>;

// The lists of one report as the rule functions fill them. A finding's severity comes from
// RULES, and conflict findings are kept apart so that they close the list.
export class ReportBuilder {
  readonly lost: LostField[] = [];
  readonly retired: FieldRef[] = [];
  readonly added: FieldRef[] = [];
  readonly moved: MovedField[] = [];
  readonly resized: ResizedField[] = [];
  private readonly findings: Finding[] = [];
  private readonly conflicts: Finding[] = [];

  constructor(private readonly encodingOf?: EncodingLookup) {}

  // The first of the names that has an architectural encoding (B's name before A's).
  enc(...names: string[]): { encoding?: string } {
    for (const name of names) {
      const encoding = formatEncoding(this.encodingOf?.(name));
      if (encoding !== undefined) {
        return { encoding };
      }
    }
    return {};
  }

  ref(f: LayoutField): FieldRef {
    return { name: f.name, type: f.type, count: f.count, offset: f.offset, ...this.enc(f.name) };
  }

  add(rule: FindingRule, field: string, message: string, where: Where = {}): void {
    const facts = RULES[rule];
    (facts.conflict ? this.conflicts : this.findings).push({ rule, severity: facts.severity, field, message, ...where });
  }

  report(verdict: Verdict): CompatReport {
    this.lost.sort((x, y) => x.offset - y.offset);
    return {
      verdict,
      lost: this.lost,
      retired: this.retired,
      added: this.added,
      moved: this.moved,
      resized: this.resized,
      inPlace: this.moved.length === 0 && this.resized.length === 0,
      revisionConflict: this.conflicts.length > 0,
      findings: [...this.findings, ...this.conflicts],
    };
  }
}

export function located(field: LayoutField): Pick<Finding, 'line' | 'column'> {
  return field.source ? { line: field.source.line, column: field.source.column } : {};
}

export function describe(f: LayoutField): string {
  return f.count > 1 ? `${f.type}[${f.count}]` : f.type;
}
