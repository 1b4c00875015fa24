import type { AppConfig } from '../../infra/config/env';
import { startEmbeddedPostgres } from '../../infra/database/embedded-postgres';
import { migrate } from '../../infra/database/migrate';
import { Database } from './database';

// DATABASE_URL wins; without it an embedded Postgres under DATA_DIR keeps `npm start` working
// on a bare machine. Migrations run here, before anything reads the database.
export async function openDatabase(config: AppConfig, log: (msg: string) => void): Promise<Database> {
  let url = config.databaseUrl;
  let stop = async (): Promise<void> => {};
  if (!url) {
    log(`database: DATABASE_URL is unset, starting embedded Postgres in ${config.dataDir} on port ${config.embeddedPort}`);
    const embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPort });
    url = embedded.url;
    stop = () => embedded.stop();
  } else {
    log(`database: ${redact(url)}`);
  }
  const result = await migrate(url, { log });
  if (result.applied.length > 0) {
    log(`database: applied migrations ${result.applied.join(', ')}`);
  }
  return new Database(url, stop);
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
