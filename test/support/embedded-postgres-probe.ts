import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/infra/database/embedded-postgres';
import { migrate } from '../../src/infra/database/migrate';
import { createPrismaClient } from '../../src/infra/database/prisma-client';
import { PrismaEventStore } from '../../src/infra/event-store/prisma-event-store';

// Run by test/int/database/embedded-postgres.int-spec.ts in a child `node` (see swc-register.js):
// starts the embedded server under argv[2] on port argv[3], proves it answers and keeps data
// across restarts (one row per run), runs the real migrations and one append through the
// event store on it, stops it, and prints one JSON line.
async function main(): Promise<void> {
  const [dataDir, portArg] = process.argv.slice(2);
  if (!dataDir || !portArg) {
    throw new Error('usage: embedded-postgres-probe <dataDir> <port>');
  }
  const started = Date.now();
  const server = await startEmbeddedPostgres({ dataDir, port: Number(portArg) });
  const client = new Client({ connectionString: server.url });
  try {
    await client.connect();
    await client.query('CREATE TABLE IF NOT EXISTS probe_runs (run serial PRIMARY KEY)');
    await client.query('INSERT INTO probe_runs DEFAULT VALUES');
    const runs = await client.query<{ n: string }>('SELECT count(*) AS n FROM probe_runs');
    await migrate(server.url);
    const prisma = createPrismaClient(server.url, { maxConnections: 1 });
    const store = new PrismaEventStore(prisma);
    await store.append({
      stream: 'aliases',
      expectedVersion: 'any',
      events: [{ type: 'FieldAliasDeclared', data: { from: 'a', to: 'b' } }],
      metadata: {},
    });
    const chain = await store.verify();
    await prisma.$disconnect();
    const version = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    console.log(
      JSON.stringify({
        initialised: server.initialised,
        runs: Number(runs.rows[0]?.n),
        serverVersion: version.rows[0]?.v,
        events: chain.ok ? chain.events : -1,
        url: server.url.replace(/:[^:@/]*@/, ':***@'),
        ms: Date.now() - started,
      }),
    );
  } finally {
    await client.end().catch(() => undefined);
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
