import { encodingOf } from '../catalog/encodings';
import type { GateInput, GateVerdict } from '../events/decide';
import { judgeRegistration } from '../policy/judge-registration';
import { layoutFromRegistration } from './registration-data';

// The registration policy as the command handler's gate: the candidate against its lineage's
// reference under that lineage's policy, with the registry's renames and reserved names.
export function registrationGate(input: GateInput): GateVerdict {
  const { candidate, branchesFrom, state } = input;
  const judgement = judgeRegistration(
    { name: candidate.name, lineage: input.lineage, branchesFrom, layout: layoutFromRegistration(candidate), fingerprint: candidate.fingerprint },
    state,
    encodingOf,
  );
  if (judgement.accepted) {
    return { ok: true, judgement };
  }
  const against = judgement.findings.map((g) => g.reference).join(', ');
  return {
    ok: false,
    judgement,
    message: `layout ${candidate.name} breaks the registration policy of lineage ${input.lineage} against ${against}`,
  };
}
