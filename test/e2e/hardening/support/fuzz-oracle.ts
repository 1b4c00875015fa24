import type { Response } from 'supertest';
import { CoreError } from '../../../../src/core/errors';
import { parseRegisterRequest } from '../../../../src/core/registry/register-request';
import { toRegisteredData } from '../../../../src/core/registry/registration-data';
import { mapCoreError } from '../../../../src/modules/api/errors/error-status';
import type { LogState } from './event-log';

export type Prediction = { ok: true } | { ok: false; status: number; error: string; message: string };

// What the pure core says about an input, as the REST layer must answer it: a CoreError maps
// to its status and `error` kind with the same message. Anything else the core throws is a bug
// the fuzzer found, and propagates.
export function predict(run: () => unknown): Prediction {
  try {
    run();
    return { ok: true };
  } catch (err) {
    if (err instanceof CoreError) {
      const m = mapCoreError(err.code);
      return { ok: false, status: m.status, error: m.error, message: err.message };
    }
    throw err;
  }
}

export function predictRegistration(body: unknown): Prediction {
  return predict(() => toRegisteredData(parseRegisterRequest(body)));
}

// The invariant every fuzzed request must keep: never a 5xx; a refusal is {error, message} and
// appends nothing; a 201 appended exactly one event, a 200 at most one (an idempotent repeat
// appends none).
export function checkOutcome(res: Response, before: LogState, after: LogState): void {
  const where = `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  if (res.status >= 500) {
    throw new Error(`server error: ${where}`);
  }
  if (res.status >= 400) {
    if (typeof res.body?.error !== 'string' || typeof res.body?.message !== 'string' || res.body.message === '') {
      throw new Error(`a refusal without {error, message}: ${where}`);
    }
    if (after.events !== before.events || after.head !== before.head) {
      throw new Error(`a refusal changed the log (${before.events} -> ${after.events} events): ${where}`);
    }
    return;
  }
  const added = after.events - before.events;
  if (res.status === 201 ? added !== 1 : added < 0 || added > 1) {
    throw new Error(`${res.status} appended ${added} events: ${where}`);
  }
}

// A registration the core accepts is created (201, one event) or refused by the registration
// gate (409 policy_violation); one it refuses gets exactly the core's answer.
export function checkRegistration(prediction: Prediction, res: Response, before: LogState, after: LogState): void {
  checkOutcome(res, before, after);
  if (prediction.ok) {
    if (res.status !== 201 && !(res.status === 409 && res.body.error === 'policy_violation')) {
      throw new Error(`the core accepts this layout, the server answered ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    return;
  }
  if (res.status !== prediction.status || res.body.error !== prediction.error || res.body.message !== prediction.message) {
    throw new Error(`expected ${prediction.status} ${prediction.error} "${prediction.message}", got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
}
