import type { FastifyRequest } from 'fastify';
import { CoreError } from '../../../core/errors';
import type { EventMetadata } from '../../../core/events/events';

// Who asked, which request, and the client's idempotency key: recorded in every event's
// metadata, for REST and GraphQL writes alike. The actor is set by WriteGuard (GqlWriteGuard).
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
