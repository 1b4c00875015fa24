import { loadConfig } from '../infra/config/env';
import { startEmbeddedPostgres } from '../infra/database/embedded-postgres';
import { migrate } from '../infra/database/migrate';
import { createPrismaClient } from '../infra/database/prisma-client';
import { rebuildProjections } from '../infra/projections/rebuild-projections';

// `npm run projections:rebuild`: replaces the read models with a fresh fold of the event log,
// on DATABASE_URL or, without it, on the embedded server under DATA_DIR. Safe while service
// instances run on DATABASE_URL (appends wait for the rebuild's lock); the embedded server can
// have only one owner, so stop the service first in that case.
async function main(): Promise<void> {
  const config = loadConfig();
  const embedded = config.databaseUrl
    ? undefined
    : await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPort });
  const url = config.databaseUrl ?? embedded?.url ?? '';
  try {
    await migrate(url, { log: (message) => console.log(message) });
    const prisma = createPrismaClient(url, { maxConnections: 2, applicationName: 'vmcs12-rebuild' });
    try {
      const r = await rebuildProjections(prisma);
      console.log(`rebuilt read models from ${r.events} events (up to position ${r.position}) in ${r.ms} ms`);
      console.log(`  layouts        ${r.layouts}`);
      console.log(`  layout_fields  ${r.layoutFields}`);
      console.log(`  aliases        ${r.aliases}`);
      console.log(`  lineages       ${r.lineages}`);
      console.log(`  reserved       ${r.reserved}`);
      console.log(`  policy         ${r.policy}`);
    } finally {
      await prisma.$disconnect();
    }
  } finally {
    await embedded?.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
