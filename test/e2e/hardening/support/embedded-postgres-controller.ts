import { createInterface } from 'node:readline';
import { startEmbeddedPostgres } from '../../../../src/infra/database/embedded-postgres';
import type { EmbeddedPostgres } from '../../../../src/infra/database/embedded-postgres';

// Run by postgres-restart.e2e-spec.ts in a child `node` (see test/support/swc-register.js;
// Jest's sandbox cannot load the ESM-only embedded-postgres package). Owns one embedded
// Postgres under argv[2] on port argv[3]; reads commands from stdin (`stop`, `start`, `exit`)
// and answers each with one JSON line on stdout.
async function main(): Promise<void> {
  const [dataDir, portArg] = process.argv.slice(2);
  if (!dataDir || !portArg) {
    throw new Error('usage: embedded-postgres-controller <dataDir> <port>');
  }
  const port = Number(portArg);
  let server: EmbeddedPostgres | undefined = await startEmbeddedPostgres({ dataDir, port });
  const say = (event: string, extra: Record<string, unknown> = {}): void => {
    process.stdout.write(`${JSON.stringify({ event, ...extra })}\n`);
  };
  say('started', { url: server.url });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = line.trim();
    if (command === 'stop' && server) {
      await server.stop();
      server = undefined;
      say('stopped');
    } else if (command === 'start' && !server) {
      server = await startEmbeddedPostgres({ dataDir, port });
      say('started', { url: server.url });
    } else if (command === 'exit') {
      break;
    } else {
      say('error', { message: `cannot ${command} now` });
    }
  }
  await server?.stop();
  say('exited');
}

// stdin closing (the test process died) ends the loop above, which stops the server.
main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ event: 'error', message: err instanceof Error ? err.message : String(err) })}\n`);
  process.exit(1);
});
