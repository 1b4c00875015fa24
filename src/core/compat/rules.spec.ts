import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodingOf } from '../catalog/encodings';
import { catalogLayout, catalogNames } from '../../../test/support/shared-layouts';
import { compareLayouts } from './compare-layouts';
import { RULE_IDS, RULES, type FindingRule, type Severity } from './rules';

const ROOT = join(__dirname, '..', '..', '..');
const doc = (file: string): string => readFileSync(join(ROOT, file), 'utf8');
const ruleIdsIn = (text: string): string[] => [...text.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1] as string).filter((id) => id in RULES);

describe('RULES', () => {
  it('an error is exactly a rule that loses data or is a revision conflict', () => {
    for (const rule of RULE_IDS) {
      const facts = RULES[rule];
      expect([rule, facts.severity === 'error']).toEqual([rule, facts.losesData || facts.conflict]);
    }
  });

  // Every report over every ordered pair of the built-in catalog: the verdict, `lost` and
  // `revisionConflict` agree with the table's facts about the findings the report holds.
  it('drives the reports over every pair of the catalog', () => {
    const names = catalogNames();
    let pairs = 0;
    const wrongSeverity: unknown[] = [];
    for (const from of names) {
      for (const to of names) {
        const r = compareLayouts(catalogLayout(from), catalogLayout(to), { encodingOf });
        // Collected, then asserted once: 150,000 findings each through expect() took 19 s.
        wrongSeverity.push(...r.findings.filter((f) => f.severity !== RULES[f.rule].severity).map((f) => [from, to, f.rule, f.field, f.severity]));
        const losing = r.findings.filter((f) => RULES[f.rule].losesData).map((f) => f.field);
        expect([from, to, losing.sort()]).toEqual([from, to, r.lost.map((l) => l.name).sort()]);
        expect([from, to, r.findings.some((f) => RULES[f.rule].conflict)]).toEqual([from, to, r.revisionConflict]);
        pairs++;
      }
    }
    expect(pairs).toBe(names.length ** 2);
    expect(wrongSeverity).toEqual([]);
  });

  it('docs/API.md lists every rule id, in the table order', () => {
    const line = doc('docs/API.md').split('\n').find((l) => l.startsWith('- `findings`:')) ?? '';
    expect(ruleIdsIn(line)).toEqual(RULE_IDS);
  });

  it('docs/cli.md lists every rule id', () => {
    const text = doc('docs/cli.md');
    const from = text.indexOf('- Findings use the rule ids');
    expect(ruleIdsIn(text.slice(from, text.indexOf(')', from)))).toEqual(RULE_IDS);
  });

  it("the README's severities say what the table says", () => {
    const text = doc('README.md');
    const from = text.indexOf('- **Severities**');
    const paragraph = text.slice(from, text.indexOf('\n- ', from + 1));
    const [errors = '', warnings = '', info = ''] = paragraph.split(';');
    const listed: Record<Severity, string[]> = { error: ruleIdsIn(errors), warning: ruleIdsIn(warnings), info: ruleIdsIn(info) };
    const expected: Record<Severity, FindingRule[]> = { error: [], warning: [], info: [] };
    RULE_IDS.forEach((rule) => expected[RULES[rule].severity].push(rule));
    expect({ error: listed.error.sort(), warning: listed.warning.sort(), info: listed.info.sort() }).toEqual({
      error: expected.error.sort(),
      warning: expected.warning.sort(),
      info: expected.info.sort(),
    });
  });
});
