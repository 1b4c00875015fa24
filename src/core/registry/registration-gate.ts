import type { GateInput, GateVerdict } from '../events/decide';
import { checkRegistration } from '../policy/check-registration';
import { layoutOf } from './registration-data';

// The registration policy as the command handler's gate: the candidate against every layout
// registered before it, under the current policy and renames.
export function registrationGate(input: GateInput): GateVerdict {
  const candidate = layoutOf(input.candidate);
  const registered = input.registered.map((d) => ({ name: d.name, layout: layoutOf(d) }));
  const result = checkRegistration(candidate, registered, input.policy, { aliases: input.aliases });
  if (result.ok) {
    return { ok: true };
  }
  const against = [...new Set(result.findings.map((f) => f.against))].join(', ');
  return {
    ok: false,
    message: `layout ${input.candidate.name} breaks the registration policy against ${against}`,
    findings: result.findings,
  };
}
