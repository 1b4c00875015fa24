import 'reflect-metadata';
import { Writable } from 'node:stream';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino from 'pino';
import { createApp } from '../../../../src/app.factory';
import type { AppOptions } from '../../../../src/app.factory';
import { loadConfig } from '../../../../src/infra/config/env';
import { openDatabase } from '../../../../src/modules/database/open-database';
import { loggerOptions } from '../../../../src/modules/observability/logger';
import { createTestDatabase } from '../../../support/test-database';
import type { TestDatabase } from '../../../support/test-database';

export type LogLine = Record<string, unknown> & { level: string; msg?: string };

export interface HardeningApp {
  app: NestFastifyApplication;
  port: number;
  url: string;
  http: ReturnType<NestFastifyApplication['getHttpServer']>;
  databaseUrl: string;
  logs: LogLine[]; // every JSON line the app logged, parsed (empty unless logLevel is set)
  close(): Promise<void>;
}

export interface HardeningAppOptions {
  env?: Record<string, string>;
  database?: TestDatabase | string; // default: a fresh database, dropped on close
  logLevel?: string; // default: silent
  timeouts?: AppOptions['timeouts'];
  wsLimits?: AppOptions['wsLimits'];
  sseLimits?: AppOptions['sseLimits'];
  now?: AppOptions['now'];
  host?: string; // default 127.0.0.1; the url always points at loopback
}

// startTestApp with the knobs these tests need: the app's logger captured line by line, short
// timeouts, a fake clock for the rate limiter. The rate limit is lifted unless a test sets it:
// fuzzing fires far more requests than a client should.
export async function startHardeningApp(options: HardeningAppOptions = {}): Promise<HardeningApp> {
  const own = options.database === undefined ? await createTestDatabase('vmcs12_hard') : undefined;
  const dbUrl = typeof options.database === 'string' ? options.database : (options.database ?? own)!.url;
  const config = loadConfig({
    DATABASE_URL: dbUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    RATE_LIMIT_PER_MINUTE: '10000000',
    ...options.env,
  });
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        logs.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const logger = pino(loggerOptions(options.logLevel ?? 'silent'), sink);
  const database = await openDatabase(config, () => undefined);
  const app = await createApp({ config, database }, { logger, timeouts: options.timeouts, now: options.now, wsLimits: options.wsLimits, sseLimits: options.sseLimits });
  await app.listen({ port: 0, host: options.host ?? '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    http: app.getHttpServer(),
    databaseUrl: dbUrl,
    logs,
    async close() {
      await app.close();
      await database.close();
      await own?.drop();
    },
  };
}
