import { Client } from 'pg';
import type { RegistryEvent, StoredEvent } from '../src/core/events/events';
import { GENESIS_HASH, chainHash } from '../src/core/events/hash-chain';
import { migrate } from '../src/infra/database/migrate';
import { createPrismaClient } from '../src/infra/database/prisma-client';
import { PrismaEventStore } from '../src/infra/event-store/prisma-event-store';
import { rebuildProjections } from '../src/infra/projections/rebuild-projections';

// Event store throughput and rebuild time, on its own throw-away database.
//   npx tsc -p tsconfig.build.json && node dist/bench/event-store.bench.js
// Env: DATABASE_URL (a server to create the bench database on; default the local one),
// BENCH_SEQUENTIAL (appends, default 2000), BENCH_CONCURRENT (default 4000),
// BENCH_CONCURRENCY (in flight across two instances, default 32), BENCH_REBUILD (events, 100000).

const admin = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const num = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
const SEQUENTIAL = num('BENCH_SEQUENTIAL', 2000);
const CONCURRENT = num('BENCH_CONCURRENT', 4000);
const CONCURRENCY = num('BENCH_CONCURRENCY', 32);
const REBUILD = num('BENCH_REBUILD', 100_000);

const FIELDS = 190; // about what a real vmcs12 declares

function urlOf(database: string): string {
  const url = new URL(admin);
  url.pathname = `/${database}`;
  return url.toString();
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(text, values);
  } finally {
    await client.end();
  }
}

async function freshDatabase(name: string): Promise<string> {
  await sql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await sql(admin, `CREATE DATABASE "${name}"`);
  await migrate(urlOf(name));
  return urlOf(name);
}

const alias = (i: number): RegistryEvent => ({ type: 'FieldAliasDeclared', data: { from: `f${i}`, to: `t${i}` } });

async function appendBench(url: string): Promise<{ sequential: number; concurrent: number }> {
  const a = createPrismaClient(url, { maxConnections: 10 });
  const b = createPrismaClient(url, { maxConnections: 10 });
  const storeA = new PrismaEventStore(a);
  const storeB = new PrismaEventStore(b);
  try {
    for (let i = 0; i < 50; i += 1) {
      await storeA.append({ stream: 'warmup', expectedVersion: 'any', events: [alias(-i)], metadata: {} });
    }
    let t = performance.now();
    for (let i = 0; i < SEQUENTIAL; i += 1) {
      // One command per append, as the service issues them: per-stream check, chain, projection.
      await storeA.append({ stream: `stream-${i % 100}`, expectedVersion: 'any', events: [alias(i)], metadata: { requestId: `s${i}` } });
    }
    const sequential = SEQUENTIAL / ((performance.now() - t) / 1000);
    let next = 0;
    const worker = async (w: number): Promise<void> => {
      const store = w % 2 === 0 ? storeA : storeB;
      for (let i = next++; i < CONCURRENT; i = next++) {
        await store.append({ stream: `c-${i % 100}`, expectedVersion: 'any', events: [alias(i)], metadata: { requestId: `c${i}` } });
      }
    };
    t = performance.now();
    await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
    const concurrent = CONCURRENT / ((performance.now() - t) / 1000);
    const chain = await storeB.verify();
    if (!chain.ok || chain.events !== 50 + SEQUENTIAL + CONCURRENT) {
      throw new Error(`chain after the append bench: ${JSON.stringify(chain)}`);
    }
    return { sequential, concurrent };
  } finally {
    await Promise.all([a.$disconnect(), b.$disconnect()]);
  }
}

// A log with the proportions of a busy registry: 1% registrations (with full field lists), the
// rest annotations, deprecations, renames and policy changes. Written straight into `events`
// with a valid chain: loading 100k events through append would measure appends again.
function syntheticEvent(i: number): { stream: string; event: RegistryEvent } {
  const layout = `layout-${Math.floor(i / 100)}`;
  const kind = i % 100;
  if (kind === 0) {
    const fields = Array.from({ length: FIELDS }, (_, f) => ({
      name: f === 0 ? 'revision_id' : `field_${f}`,
      type: f === 0 ? ('u32' as const) : ('u64' as const),
      count: 1,
      offset: f === 0 ? 0 : 8 * f,
      size: f === 0 ? 4 : 8,
      role: f === 0 ? ('header' as const) : ('data' as const),
      line: f + 2,
      column: 2,
    }));
    const data = { name: layout, revision: '0x00000001', size: 4096, fingerprint: `sha256:${i}`, format: 'json' as const, source: '{}', fields };
    return { stream: `layout-${layout}`, event: { type: 'LayoutRegistered', data } };
  }
  if (kind < 70) {
    return { stream: `layout-${layout}`, event: { type: 'LayoutAnnotated', data: { name: layout, notes: `note ${i}`, kernel: `${kind}` } } };
  }
  if (kind < 79) {
    return { stream: `layout-${layout}`, event: { type: 'LayoutDeprecated', data: { name: layout, reason: `reason ${i}` } } };
  }
  if (kind < 99) {
    return { stream: 'aliases', event: alias(i) };
  }
  return { stream: 'policy', event: { type: 'PolicyChanged', data: { mode: kind % 2 ? 'backward' : 'full', transitive: false, sameRevision: 'in-place' } } };
}

async function loadSyntheticLog(url: string, count: number): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  const versions = new Map<string, number>();
  let prev = GENESIS_HASH;
  const recordedAt = new Date().toISOString();
  try {
    for (let start = 1; start <= count; start += 2000) {
      const rows = [];
      for (let position = start; position < Math.min(start + 2000, count + 1); position += 1) {
        const { stream, event } = syntheticEvent(position - 1);
        const version = (versions.get(stream) ?? 0) + 1;
        versions.set(stream, version);
        const content = { position, stream, version, ...event, metadata: {}, recordedAt } as Omit<StoredEvent, 'hash'>;
        const hash = chainHash(prev, content);
        rows.push({ ...content, recorded_at: recordedAt, hash, prev_hash: prev, idempotency_key: null });
        prev = hash;
      }
      await client.query('INSERT INTO events SELECT * FROM json_populate_recordset(null::events, $1)', [JSON.stringify(rows)]);
    }
  } finally {
    await client.end();
  }
}

async function rebuildBench(url: string): Promise<{ rebuildMs: number; verifyMs: number; rows: string }> {
  await loadSyntheticLog(url, REBUILD);
  const prisma = createPrismaClient(url, { maxConnections: 2 });
  try {
    const result = await rebuildProjections(prisma);
    let t = performance.now();
    const again = await rebuildProjections(prisma); // warm: the figure to quote
    const rebuildMs = performance.now() - t;
    t = performance.now();
    const chain = await new PrismaEventStore(prisma).verify();
    const verifyMs = performance.now() - t;
    if (!chain.ok || chain.events !== REBUILD || again.events !== result.events) {
      throw new Error(`rebuild bench: ${JSON.stringify({ chain, result, again })}`);
    }
    return { rebuildMs, verifyMs, rows: `${again.layouts} layouts, ${again.layoutFields} fields, ${again.aliases} aliases` };
  } finally {
    await prisma.$disconnect();
  }
}

async function main(): Promise<void> {
  const name = `vmcs12_bench_${process.pid}`;
  try {
    const appends = await appendBench(await freshDatabase(name));
    console.log(`sequential appends (1 event/command, 1 instance): ${appends.sequential.toFixed(0)}/s over ${SEQUENTIAL}`);
    console.log(`concurrent appends (2 instances, ${CONCURRENCY} in flight): ${appends.concurrent.toFixed(0)}/s over ${CONCURRENT}`);
    const rebuild = await rebuildBench(await freshDatabase(name));
    console.log(`projection rebuild of ${REBUILD} events: ${(rebuild.rebuildMs / 1000).toFixed(2)} s (${rebuild.rows})`);
    console.log(`hash chain verify of ${REBUILD} events: ${(rebuild.verifyMs / 1000).toFixed(2)} s`);
  } finally {
    await sql(admin, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
