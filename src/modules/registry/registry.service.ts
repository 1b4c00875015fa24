import { Injectable, Logger } from '@nestjs/common';
import type { BeforeApplicationShutdown, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { catalogHistory } from '../../core/catalog/catalog-history';
import { CoreError } from '../../core/errors';
import { handleCommand, loadRegistryState } from '../../core/events/command-handler';
import type { RegistryCommand } from '../../core/events/decide';
import type { EventMetadata, PolicyChangedData, StoredEvent } from '../../core/events/events';
import type { Judgement } from '../../core/policy/judge-registration';
import { evolve } from '../../core/projections/evolve';
import type { RegistryState } from '../../core/projections/registry-state';
import { initialRegistryState } from '../../core/projections/registry-state';
import { parseAlias, parseAnnotation, parseDeprecation } from '../../core/registry/governance-request';
import { parseRegisterRequest } from '../../core/registry/register-request';
import { toRegisteredData } from '../../core/registry/registration-data';
import { registrationGate } from '../../core/registry/registration-gate';
import { PgEventFeed } from '../../infra/event-store/pg-event-feed';
import { PrismaEventStore } from '../../infra/event-store/prisma-event-store';
import { LayoutCache } from './layout-cache';
import { Turns } from './turns';

// Full jitter, capped: concurrent registrations from several instances retry until each has
// been judged against all the others.
function jitteredBackoff(attempt: number): Promise<void> {
  const ceiling = Math.min(200, 5 * 2 ** Math.min(attempt, 6));
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}

// How long a write keeps retrying against other writers before it answers 503 (well inside
// the 30 s handler timeout).
export const REGISTRATION_MAX_WAIT_MS = 10_000;

export interface CommandOutcome {
  outcome: 'created' | 'updated' | 'existing' | 'replayed';
  events: StoredEvent[];
  judgement?: Judgement; // a registration the gate accepted: sameAs, warnings
}

// Commands go load → decide → append through the event store; the write-side state is folded
// from the log and kept current by the feed of every instance's appends. Layout content for
// compatibility and conversion lives in LayoutCache, fed from the same state.
@Injectable()
export class RegistryService implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private state: RegistryState = initialRegistryState();
  private syncing: Promise<RegistryState> | undefined;
  private readonly abort = new AbortController();
  private readonly logger = new Logger('RegistryService');
  // One command of this instance decides and appends at a time. Every append moves the log
  // position each gated decision depends on, so concurrent commands of one instance only made
  // each other retry: 25 at once cost O(n^2) attempts and, on a busy machine, outlasted the
  // retry budget (503 contended). Across instances the optimistic retry still arbitrates.
  private readonly writes = new Turns(1);

  constructor(
    private readonly store: PrismaEventStore,
    private readonly feed: PgEventFeed,
    readonly layouts: LayoutCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sync();
    await this.importCatalog();
    void this.follow();
  }

  // Before the feed and the database client close, so the follower ends instead of retrying.
  beforeApplicationShutdown(): void {
    this.abort.abort();
  }

  onModuleDestroy(): void {
    this.abort.abort();
  }

  current(): RegistryState {
    return this.state;
  }

  // Catches up with the log (other instances' appends included). Concurrent callers share one
  // read.
  async sync(): Promise<RegistryState> {
    if (!this.syncing) {
      this.syncing = loadRegistryState(this.store, this.state)
        .then((next) => this.adopt(next))
        .finally(() => {
          this.syncing = undefined;
        });
    }
    return this.syncing;
  }

  // notes: what the input's format had to assume (BTF: the revision), for the response.
  async register(body: unknown, metadata: EventMetadata): Promise<CommandOutcome & { notes: string[] }> {
    const req = parseRegisterRequest(body);
    const data = toRegisteredData(req);
    return { ...(await this.run({ type: 'RegisterLayout', data }, metadata)), notes: req.notes ?? [] };
  }

  deprecate(name: string, reason: unknown, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'DeprecateLayout', data: parseDeprecation(name, reason) }, metadata);
  }

  annotate(name: string, body: unknown, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'AnnotateLayout', data: parseAnnotation(name, body) }, metadata);
  }

  declareAlias(from: unknown, to: unknown, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'DeclareAlias', data: parseAlias(from, to) }, metadata);
  }

  setPolicy(policy: PolicyChangedData, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'SetPolicy', data: policy }, metadata);
  }

  setLineagePolicy(lineage: string, policy: PolicyChangedData | null, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'SetLineagePolicy', data: { lineage, policy } }, metadata);
  }

  declareReserved(name: unknown, reason: unknown, metadata: EventMetadata): Promise<CommandOutcome> {
    return this.run({ type: 'DeclareReserved', data: { name: name as string, reason: reason as string } }, metadata);
  }

  private async run(command: RegistryCommand, metadata: EventMetadata): Promise<CommandOutcome> {
    const result = await this.writes.run(() => handleCommand(this.store, command, {
      gate: registrationGate,
      metadata,
      loadState: () => this.sync(),
      maxAttempts: 60,
      maxWaitMs: REGISTRATION_MAX_WAIT_MS,
      backoff: jitteredBackoff,
    }));
    this.adopt(result.state);
    return { outcome: result.outcome, events: result.events, ...(result.judgement ? { judgement: result.judgement } : {}) };
  }

  // The built-in catalog is history: its reserved names and layouts (with their lineages)
  // registered through the log like any, in history order, without the gate; a restart (or a
  // second instance) adds nothing.
  private async importCatalog(): Promise<void> {
    let added = 0;
    for (const { command, metadata, what } of catalogHistory()) {
      try {
        const r = await this.run(command, metadata);
        added += r.outcome === 'created' && command.type === 'RegisterLayout' ? 1 : 0;
      } catch (err) {
        // A name taken by a user registration before the catalog knew it: keep theirs, say so.
        if (err instanceof CoreError && err.code === 'CONFLICT') {
          this.logger.warn(`${what} not imported: ${err.message}`);
          continue;
        }
        // The key names the layout's content (its fingerprint): imported before, under
        // provenance since edited in the catalog. The log keeps what it recorded then.
        if (err instanceof CoreError && err.code === 'IDEMPOTENCY_KEY_REUSED') {
          continue;
        }
        throw err;
      }
    }
    if (added > 0) {
      this.logger.log(`imported ${added} catalog layouts`);
    }
  }

  // Follows every instance's appends for as long as the service runs. A failed read (Postgres
  // restarting) must not end it: the follower waits, catches up and subscribes again.
  private async follow(): Promise<void> {
    let delay = 250;
    while (!this.abort.signal.aborted) {
      try {
        for await (const event of this.feed.subscribe(this.state.position, this.abort.signal)) {
          delay = 250;
          if (event.position === this.state.position + 1) {
            this.adopt(evolve(this.state, event));
          } else if (event.position > this.state.position) {
            await this.sync();
          }
        }
      } catch (err) {
        if (this.abort.signal.aborted) {
          return;
        }
        this.logger.warn(`event feed follower: ${err instanceof Error ? err.message : String(err)}; retrying in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        delay = Math.min(delay * 2, 5000);
        await this.sync().catch(() => undefined);
      }
    }
  }

  private adopt(next: RegistryState): RegistryState {
    if (next.position >= this.state.position) {
      this.state = next;
      this.layouts.update(next);
    }
    return this.state;
  }
}
