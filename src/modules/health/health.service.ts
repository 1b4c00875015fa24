import { Injectable } from '@nestjs/common';
import { loadCatalog } from '../../core/catalog/catalog';
import { findMigrationsDir, readMigrations } from '../../infra/database/migrate';
import { Database } from '../database/database';
import { RegistryService } from '../registry/registry.service';
import { withTimeout } from '../observability/with-timeout';
import { appliedMigrations, readiness } from './readiness';
import type { Readiness } from './readiness';

// A load balancer polls this every few seconds: it must answer within its own timeout even
// when Postgres hangs, hence the bound on the query.
export const READINESS_TIMEOUT_MS = 2000;

@Injectable()
export class HealthService {
  private expectedMigrations: string[] | undefined;
  private catalogNames: string[] | undefined;

  constructor(
    private readonly db: Database,
    private readonly registry: RegistryService,
  ) {}

  async check(): Promise<Readiness> {
    const applied = await withTimeout(appliedMigrations(this.db.pool), READINESS_TIMEOUT_MS, 'readiness query').catch(() => undefined);
    const missing = applied === undefined ? undefined : this.migrations().filter((m) => !applied.includes(m));
    const layouts = this.registry.current().layouts;
    const missingCatalog = this.catalog().filter((name) => !layouts.has(name)).length;
    return readiness(applied !== undefined, missing, missingCatalog);
  }

  // Both lists are fixed for the life of the process: read once, on the first probe.
  private migrations(): string[] {
    this.expectedMigrations ??= readMigrations(findMigrationsDir()).map((m) => m.name);
    return this.expectedMigrations;
  }

  private catalog(): string[] {
    this.catalogNames ??= loadCatalog().map((entry) => entry.name);
    return this.catalogNames;
  }
}
