import type { Client } from 'pg';
import { READ_MODEL_TABLES } from '../../src/infra/projections/rebuild-projections';

// Every read-model row as JSON, sorted: the exact table contents, independent of physical order.
export async function dumpReadModels(sql: Client): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of READ_MODEL_TABLES) {
    const rows = await sql.query<{ r: string }>(`SELECT to_jsonb(t)::text AS r FROM "${table}" t`);
    out[table] = rows.rows.map((row) => row.r).sort();
  }
  return out;
}
