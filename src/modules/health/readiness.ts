import type { Pool } from 'pg';

export interface Readiness {
  status: 'ok' | 'degraded';
  database: 'up' | 'down';
  migrations: 'applied' | 'pending' | 'unknown';
  catalog: 'imported' | 'pending';
}

// Ready means: Postgres answers, every migration this build ships is applied (finished, not
// rolled back), and every built-in catalog layout is in this instance's state. Each part is
// reported, so a 503 says which one is missing.
export function readiness(database: boolean, missingMigrations: string[] | undefined, missingCatalog: number): Readiness {
  const migrations = missingMigrations === undefined ? 'unknown' : missingMigrations.length === 0 ? 'applied' : 'pending';
  const catalog = missingCatalog === 0 ? 'imported' : 'pending';
  const ok = database && migrations === 'applied' && catalog === 'imported';
  return { status: ok ? 'ok' : 'degraded', database: database ? 'up' : 'down', migrations, catalog };
}

const UNDEFINED_TABLE = '42P01';

// Applied migration names, in one round trip that doubles as the liveness probe of Postgres.
// Returns undefined when Postgres does not answer; [] when nothing was ever migrated.
export async function appliedMigrations(pool: Pool): Promise<string[] | undefined> {
  try {
    const res = await pool.query<{ migration_name: string }>(
      'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    return res.rows.map((r) => r.migration_name);
  } catch (err) {
    if ((err as { code?: string }).code === UNDEFINED_TABLE) {
      return [];
    }
    return undefined;
  }
}
