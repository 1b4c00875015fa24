import { Pool } from 'pg';

// The service's handle on Postgres: the resolved URL (given, or the embedded server's) and a
// pool for health checks. The event store and projections get their own clients from the URL.
export class Database {
  readonly pool: Pool;

  constructor(readonly url: string, private readonly onClose: () => Promise<void> = async () => {}) {
    this.pool = new Pool({ connectionString: url, max: 2, connectionTimeoutMillis: 2000 });
    // A dropped idle connection (Postgres restarted) must not crash the process; the next
    // query reconnects.
    this.pool.on('error', () => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
    await this.onClose();
  }
}
