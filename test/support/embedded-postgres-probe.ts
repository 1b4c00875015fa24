import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../src/infra/database/embedded-postgres';

// Run by test/int/embedded-postgres.int-spec.ts in a child `node` (see swc-register.js):
// starts the embedded server under argv[2] on port argv[3], proves it answers and keeps data
// across restarts (one row per run), stops it, and prints one JSON line.
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
    const version = await client.query<{ v: string }>("SELECT current_setting('server_version') AS v");
    console.log(
      JSON.stringify({
        initialised: server.initialised,
        runs: Number(runs.rows[0]?.n),
        serverVersion: version.rows[0]?.v,
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
