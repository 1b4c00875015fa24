import { migrate } from '../../src/infra/database/migrate';
import { TEMPLATE_DATABASE, TEMPLATE_LOCK_KEY, adminUrl, databaseUrl, withAdmin } from './test-database';

// Builds vmcs12_template from the real migrations with the service's own migrate(), the same
// call the service makes at boot. It is built under a private name and swapped in under an
// exclusive lock, so a concurrent run cloning the previous template is never disturbed.
export default async function globalSetup(): Promise<void> {
  const build = `vmcs12_template_build_${process.pid}_${Date.now()}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE "${build}"`));
  try {
    await migrate(databaseUrl(adminUrl(), build));
    await withAdmin(async (admin) => {
      await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
      try {
        const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [TEMPLATE_DATABASE]);
        if (existing.rowCount) {
          await admin.query(`ALTER DATABASE "${TEMPLATE_DATABASE}" IS_TEMPLATE false`);
          await admin.query(`DROP DATABASE "${TEMPLATE_DATABASE}" WITH (FORCE)`);
        }
        await admin.query(`ALTER DATABASE "${build}" RENAME TO "${TEMPLATE_DATABASE}"`);
        await admin.query(`ALTER DATABASE "${TEMPLATE_DATABASE}" IS_TEMPLATE true`);
      } finally {
        await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
      }
    });
  } catch (err) {
    await withAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${build}" WITH (FORCE)`)).catch(() => undefined);
    throw err;
  }
}
