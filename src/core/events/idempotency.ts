import { createHash } from 'node:crypto';
import { CoreError } from '../errors';
import type { EventMetadata, StoredEvent } from './events';
import { canonicalJson } from './hash-chain';
import type { RegistryCommand } from './decide';

// An Idempotency-Key names one request. Its first command's hash is kept in the metadata of the
// events it appended; a retry with the same key replays them only when it carries the same
// command. The same key with another command is refused (422), as the IETF idempotency-key
// draft asks, instead of answering the first request's result for a request never carried out.
export function commandHash(command: RegistryCommand): string {
  return `sha256:${createHash('sha256').update(canonicalJson({ type: command.type, data: command.data })).digest('hex')}`;
}

// `first`: the first event the key's request appended. Events from before hashes were kept
// carry none and are replayed as before.
export function assertSameCommand(key: string, first: StoredEvent | undefined, requested: EventMetadata): void {
  const stored = first?.metadata.commandHash;
  if (stored === undefined || requested.commandHash === undefined || stored === requested.commandHash) {
    return;
  }
  throw new CoreError(
    'IDEMPOTENCY_KEY_REUSED',
    `Idempotency-Key ${JSON.stringify(key)} was already used for another request (${first?.type ?? 'an event'} at position ${first?.position ?? '?'}); use a new key for a new request`,
    { field: 'Idempotency-Key', key, position: first?.position },
  );
}
