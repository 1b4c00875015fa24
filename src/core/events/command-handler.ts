import { CoreError } from '../errors';
import { checkJsonInput } from '../input/input-text';
import type { DecideDeps, DecisionOutcome, RegistryCommand } from './decide';
import { decide } from './decide';
import { assertSameCommand, commandHash } from './idempotency';
import type { EventStore } from './event-store';
import type { EventMetadata, StoredEvent } from './events';
import { foldRegistryState } from '../projections/evolve';
import type { RegistryState } from '../projections/registry-state';
import type { Judgement } from '../policy/judge-registration';
import { initialRegistryState } from '../projections/registry-state';

// Load → decide → append, Emmett's command handler. Optimistic concurrency makes a decision
// taken on a stale state fail with CONFLICT at append time; the handler then reloads and decides
// again, so two instances registering the same layout end with one 'created' and one
// 'existing', not with a spurious 409.

export interface HandleCommandOptions extends DecideDeps {
  metadata?: EventMetadata;
  // Defaults to folding the whole log; a caller with a cached state folded from the event feed
  // can pass it here (it must be at least as new as what the caller has already acknowledged).
  loadState?: () => Promise<RegistryState>;
  maxAttempts?: number;
  // No new attempt starts this long after the first (ms): a registration waits a bounded time.
  maxWaitMs?: number;
  now?: () => number;
  // Waits before attempt `attempt` (2, 3, ...) after a concurrency conflict. Concurrent gated
  // registrations conflict with each other by design (each gate must see the others), so
  // callers under load spread their retries out; default: retry at once.
  backoff?: (attempt: number) => Promise<void>;
}

export interface CommandResult {
  outcome: DecisionOutcome | 'replayed';
  events: StoredEvent[]; // appended now, or (replayed) by the first request with this key
  state: RegistryState; // the state the decision was taken on, with `events` folded in
  judgement?: Judgement; // a gated registration's verdict
}

export async function handleCommand(
  store: EventStore,
  command: RegistryCommand,
  options: HandleCommandOptions,
): Promise<CommandResult> {
  // The request parsers bound and check every member a client sends; this is the net under
  // them: whatever a transport forgets, no event the database cannot store is decided on.
  checkJsonInput(command.data, '', { string: Number.MAX_SAFE_INTEGER });
  const maxAttempts = options.maxAttempts ?? 5;
  const now = options.now ?? Date.now;
  const started = now();
  const load = options.loadState ?? (() => loadRegistryState(store));
  const key = options.metadata?.idempotencyKey;
  const metadata: EventMetadata = key === undefined ? (options.metadata ?? {}) : { ...options.metadata, commandHash: commandHash(command) };
  // A key used before: the same command is answered as the first time, before deciding again
  // (which may now say "name taken"); another command is refused (422).
  const prior = key === undefined ? [] : await store.eventsForKey(key);
  if (key !== undefined && prior.length > 0) {
    assertSameCommand(key, prior[0], metadata);
    return { outcome: 'replayed', events: prior, state: await load() };
  }
  for (let attempt = 1; ; attempt += 1) {
    const state = await load();
    const decision = decide(command, state, options);
    if (decision.events.length === 0) {
      return { outcome: decision.outcome, events: [], state, ...(decision.judgement ? { judgement: decision.judgement } : {}) };
    }
    try {
      const result = await store.append({
        stream: decision.stream,
        expectedVersion: decision.expectedVersion,
        expectedPosition: decision.expectedPosition,
        events: decision.events,
        metadata,
      });
      const next = foldRegistryState(result.events, state);
      const judged = decision.judgement && !result.replayed ? { judgement: decision.judgement } : {};
      return { outcome: result.replayed ? 'replayed' : decision.outcome, events: result.events, state: next, ...judged };
    } catch (err) {
      // Only the store's concurrency conflicts are retried; a CONFLICT from decide (name taken
      // with other content) was thrown above, outside this try.
      if (!(err instanceof CoreError && err.code === 'CONFLICT')) {
        throw err;
      }
      // Losing every race is contention, not a conflict of the client's making: a 409 would
      // read as "your layout clashes"; the truth is "try again".
      const waited = now() - started;
      if (attempt >= maxAttempts || (options.maxWaitMs !== undefined && waited >= options.maxWaitMs)) {
        throw new CoreError('CONTENDED', `the event log kept moving under this command: ${attempt} attempts in ${waited} ms lost the race to other writers; retry (the request appended nothing)`, {
          attempts: attempt,
          waitedMs: waited,
        });
      }
      await options.backoff?.(attempt + 1);
    }
  }
}

export async function loadRegistryState(
  store: EventStore,
  from: RegistryState = initialRegistryState(),
  pageSize = 1000,
): Promise<RegistryState> {
  let state = from;
  for (;;) {
    const page = await store.readAll(state.position, pageSize);
    state = foldRegistryState(page, state);
    if (page.length < pageSize) {
      return state;
    }
  }
}
