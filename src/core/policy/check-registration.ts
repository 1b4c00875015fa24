import { compareLayouts, type CompareOptions } from '../compat/compare-layouts';
import type { Finding } from '../compat/compat-report';
import { RULES } from '../compat/rules';
import { assertNever } from '../errors';
import type { Layout } from '../layouts/layout';
import { DEFAULT_POLICY, type PolicyMode, type RegistrationPolicy } from './registration-policy';

export interface RegisteredLayout {
  name: string;
  layout: Layout;
}

// backward: P → N was lossy; forward: N → P was lossy; sameRevision: N shares P's revision id
// with a conflict.
export type PolicyCheck = 'backward' | 'forward' | 'sameRevision';

export interface PolicyFinding extends Finding {
  against: string; // the registered layout this finding compares with
  check: PolicyCheck;
}

export interface RegistrationResult {
  ok: boolean;
  findings: PolicyFinding[];
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

// Whether N may be registered after `registered` (in registration order, deprecated ones
// included: their blobs still exist). Findings are the ones that break the policy, each naming
// the layout it is against. The built-in catalog is imported without this gate.
export function checkRegistration(
  candidate: Layout,
  registered: readonly RegisteredLayout[],
  policy: RegistrationPolicy = DEFAULT_POLICY,
  opts: CompareOptions = {},
): RegistrationResult {
  const findings: PolicyFinding[] = [];
  const latest = registered[registered.length - 1];
  const compared = policy.transitive ? registered : latest ? [latest] : [];
  for (const p of compared) {
    for (const check of directions(policy.mode)) {
      const report = check === 'backward' ? compareLayouts(p.layout, candidate, opts) : compareLayouts(candidate, p.layout, opts);
      for (const f of report.findings) {
        if (RULES[f.rule].losesData) {
          findings.push({ ...f, against: p.name, check });
        }
      }
    }
  }
  if (policy.sameRevision === 'in-place') {
    for (const p of registered) {
      if (p.layout.revision !== candidate.revision) {
        continue;
      }
      const report = compareLayouts(p.layout, candidate, opts);
      for (const f of report.findings) {
        if (RULES[f.rule].conflict) {
          findings.push({ ...f, against: p.name, check: 'sameRevision' });
        }
      }
    }
  }
  return { ok: findings.length === 0, findings };
}
