import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../../core/errors';
import type { EventMetadata } from '../../../core/events/events';

// Who asked, which request, and the client's idempotency key: recorded in every event's
// metadata. The actor is set by WriteGuard.
export function requestMetadata(req: FastifyRequest & { actor?: string }): EventMetadata {
  const meta: EventMetadata = { actor: req.actor ?? 'anonymous', requestId: String(req.id) };
  const key = req.headers['idempotency-key'];
  if (typeof key === 'string') {
    if (!/^[\x21-\x7e]{1,128}$/.test(key)) {
      throw new CoreError('INVALID_INPUT', 'Idempotency-Key must be 1..128 printable ASCII characters', { field: 'Idempotency-Key' });
    }
    meta.idempotencyKey = key;
  }
  return meta;
}

export function intParam(value: unknown, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') {
    return fallback;
  }
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CoreError('INVALID_INPUT', `${name} must be an integer in ${min}..${max}`, { field: name, value });
  }
  return n;
}
