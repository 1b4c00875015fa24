import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../src/app.factory';
import type { AppOptions } from '../../src/app.factory';
import { loadConfig } from '../../src/infra/config/env';
import type { AppConfig } from '../../src/infra/config/env';
import { openDatabase } from '../../src/modules/database/open-database';
import { createTestDatabase } from './test-database';
import type { TestDatabase } from './test-database';

export interface TestApp {
  app: NestFastifyApplication;
  url: string; // http://127.0.0.1:<port>
  databaseUrl: string;
  http: NestFastifyApplication['getHttpServer'] extends () => infer S ? S : never;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>; // configuration on top of the defaults
  database?: TestDatabase | string; // share a database between instances; default: a fresh one
  app?: AppOptions; // createApp's options (lanes off, a clock for the rate limiter)
}

// The whole service, as `npm start` builds it, on a fresh database cloned from the migrated
// template and an ephemeral port. Several instances may share one database.
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const own = options.database === undefined ? await createTestDatabase('vmcs12_e2e') : undefined;
  const dbUrl = typeof options.database === 'string' ? options.database : (options.database ?? own)!.url;
  const config: AppConfig = loadConfig({ DATABASE_URL: dbUrl, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...options.env });
  const database = await openDatabase(config, () => undefined);
  const app = await createApp({ config, database }, options.app);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    url: `http://127.0.0.1:${port}`,
    databaseUrl: dbUrl,
    http: app.getHttpServer(),
    async close() {
      await app.close();
      await database.close();
      await own?.drop();
    },
  };
}
