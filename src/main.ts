import 'reflect-metadata';
import type { Logger } from 'pino';
import { createApp } from './app.factory';
import { loadConfig } from './infra/config/env';
import { watchTokenFiles } from './modules/auth/token-files';
import { openDatabase, redact } from './modules/database/open-database';
import { createServiceLogger } from './modules/observability/logger';

// The process: JSON logs on stdout from the first line, token files re-read on SIGHUP, graceful
// shutdown on SIGTERM/SIGINT (in-flight requests finish, pools close), and a crash that says
// why before it exits.
async function main(log: (logger: Logger, flush: () => void) => void): Promise<void> {
  const config = loadConfig();
  const { logger, flush, drain } = createServiceLogger(config.logLevel);
  log(logger, flush);
  const tokenFiles = watchTokenFiles(config, { info: (m) => logger.info(m), error: (m) => logger.error(m) });
  process.on('SIGHUP', () => tokenFiles.reload());
  const database = await openDatabase(config, (msg) => logger.info(msg));
  const app = await createApp({ config, database }, { logger });
  await app.listen({ port: config.port, host: config.host });
  logger.info({ host: config.host, port: config.port, database: redact(database.url) }, `vmcs12-registry listening on http://${config.host}:${config.port}`);
  if (config.writeTokens.length === 0) {
    logger.warn(
      config.behindProxy
        ? 'WRITE_TOKENS is unset and BEHIND_PROXY=true: every write is refused'
        : 'WRITE_TOKENS is unset: writes are accepted only from loopback clients that come through no proxy',
    );
  }
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) {
      return;
    }
    closing = true;
    logger.info({ signal }, 'shutting down');
    tokenFiles.stop();
    await app.close();
    await database.close();
    await drain();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

let fatal = (message: string, err: unknown): void => {
  console.error(message, err instanceof Error ? err.message : err);
};
process.on('unhandledRejection', (err) => {
  fatal('unhandled rejection', err);
  process.exit(1);
});

main((logger, flush) => {
  fatal = (message, err) => {
    logger.fatal({ err }, message);
    flush();
  };
}).catch((err: unknown) => {
  fatal('startup failed', err);
  process.exit(1);
});
