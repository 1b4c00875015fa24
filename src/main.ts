import 'reflect-metadata';
import { createApp } from './app.factory';
import { loadConfig } from './infra/config/env';
import { openDatabase } from './modules/database/open-database';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase(config, (msg) => console.log(msg));
  const app = await createApp({ config, database });
  await app.listen({ port: config.port, host: config.host });
  console.log(`vmcs12-registry listening on http://${config.host}:${config.port}`);
  if (config.writeTokens.length === 0) {
    console.log('WRITE_TOKENS is unset: writes are accepted only from loopback clients');
  }
  const shutdown = async (): Promise<void> => {
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
