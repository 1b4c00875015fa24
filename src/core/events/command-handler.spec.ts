import { CoreError } from '../errors';
import { handleCommand, loadRegistryState } from './command-handler';
import type { RegistrationGate } from './decide';
import type { LayoutRegisteredData } from './events';
import { InMemoryEventStore } from './in-memory-event-store';
import { initialRegistryState } from '../projections/registry-state';

const layout = (name: string, fingerprint: string): LayoutRegisteredData => ({
  name,
  revision: '0x00000001',
  size: 4096,
  fingerprint,
  format: 'json',
  source: '{}',
  fields: [],
});
const pass: RegistrationGate = () => ({ ok: true });

describe('handleCommand', () => {
  it('loads, decides and appends, returning the state with the new events folded in', async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(store, { type: 'RegisterLayout', data: layout('a', 'sha256:1') }, { gate: pass, metadata: { actor: 't' } });
    expect(result.outcome).toBe('created');
    expect(result.events.map((e) => [e.position, e.stream, e.metadata.actor])).toEqual([[1, 'layout-a', 't']]);
    expect(result.state.layouts.has('a')).toBe(true);
    expect((await loadRegistryState(store)).position).toBe(1);
  });

  it('decides again on a fresh state when another writer got there first', async () => {
    const store = new InMemoryEventStore();
    // The first load is stale: it misses a registration of the same name by another instance.
    let loads = 0;
    const loadState = async () => (loads++ === 0 ? initialRegistryState() : loadRegistryState(store));
    await store.append({ stream: 'layout-a', expectedVersion: 'no-stream', events: [{ type: 'LayoutRegistered', data: layout('a', 'sha256:1') }], metadata: {} });
    const result = await handleCommand(store, { type: 'RegisterLayout', data: layout('a', 'sha256:1') }, { gate: pass, loadState });
    expect(result).toMatchObject({ outcome: 'existing', events: [] });
    expect(loads).toBe(2);
  });

  it('re-runs the gate when any registration lands between load and append', async () => {
    const store = new InMemoryEventStore();
    let loads = 0;
    const loadState = async () => (loads++ === 0 ? initialRegistryState() : loadRegistryState(store));
    await store.append({ stream: 'layout-b', expectedVersion: 'no-stream', events: [{ type: 'LayoutRegistered', data: layout('b', 'sha256:2') }], metadata: {} });
    const gate: RegistrationGate = ({ state }) => (state.layouts.size > 0 ? { ok: false, message: 'no', findings: [] } : { ok: true });
    await expect(handleCommand(store, { type: 'RegisterLayout', data: layout('a', 'sha256:1') }, { gate, loadState })).rejects.toMatchObject({ code: 'POLICY_VIOLATION' });
    expect(await store.readAll(0, 10)).toHaveLength(1);
  });

  it('does not retry a conflict that decide raised, and gives up after maxAttempts with CONTENDED, not a conflict', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, { type: 'RegisterLayout', data: layout('a', 'sha256:1') }, { gate: pass });
    await expect(handleCommand(store, { type: 'RegisterLayout', data: layout('a', 'sha256:2') }, { gate: pass })).rejects.toMatchObject({ code: 'CONFLICT', details: { name: 'a' } });
    await handleCommand(store, { type: 'DeclareAlias', data: { from: 'x', to: 'y' } }, { gate: pass });
    let loads = 0;
    const alwaysStale = async () => {
      loads += 1;
      return initialRegistryState();
    };
    const err = await handleCommand(store, { type: 'DeclareAlias', data: { from: 'p', to: 'q' } }, { gate: pass, loadState: alwaysStale, maxAttempts: 2 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CoreError);
    expect(err).toMatchObject({ code: 'CONTENDED', details: { attempts: 2 } });
    expect(loads).toBe(2);
  });

  it('stops retrying after maxWaitMs, however many attempts are left, and appends nothing', async () => {
    const store = new InMemoryEventStore();
    await handleCommand(store, { type: 'DeclareAlias', data: { from: 'x', to: 'y' } }, { gate: pass });
    let clock = 0;
    const alwaysStale = async () => initialRegistryState();
    const err = await handleCommand(
      store,
      { type: 'DeclareAlias', data: { from: 'p', to: 'q' } },
      { gate: pass, loadState: alwaysStale, maxAttempts: 1000, maxWaitMs: 500, now: () => clock, backoff: async () => void (clock += 100) },
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONTENDED', details: { attempts: 6, waitedMs: 500 } });
    expect(await store.readAll(0, 10)).toHaveLength(1);
  });

  it('reports a replayed idempotency key', async () => {
    const store = new InMemoryEventStore();
    const command = { type: 'DeclareAlias' as const, data: { from: 'x', to: 'y' } };
    const first = await handleCommand(store, command, { gate: pass, metadata: { idempotencyKey: 'k' } });
    // A stale load makes decide produce the same event again; the store recognises the key.
    const again = await handleCommand(store, command, { gate: pass, metadata: { idempotencyKey: 'k' }, loadState: async () => initialRegistryState() });
    expect(again.outcome).toBe('replayed');
    expect(again.events).toEqual(first.events);
  });
});
