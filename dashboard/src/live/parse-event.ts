import type { StoredEvent } from '../api/types.js';

// One SSE `data:` payload as a stored event; anything else (heartbeats, partial frames) is
// ignored rather than shown.
export function parseStreamedEvent(data: unknown): StoredEvent | undefined {
  if (typeof data !== 'string' || data.trim() === '') {
    return undefined;
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const candidate = value as Partial<StoredEvent>;
  if (typeof candidate.position !== 'number' || typeof candidate.type !== 'string') {
    return undefined;
  }
  return { ...candidate, data: candidate.data ?? {} } as StoredEvent;
}
