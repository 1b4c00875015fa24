import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AppDeps } from './app.module';
import { AppModule } from './app.module';

// Largest accepted body: a whole kvm_nested_state with vmcs12 and shadow vmcs12 (128 + 2*4096),
// base64-encoded inside JSON, with headroom; C text is capped separately at 1 MiB.
export const BODY_LIMIT = 2 * 1024 * 1024;

export async function createApp(deps: AppDeps): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: false });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(deps), adapter, {
    logger: ['error', 'warn'],
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => {
    done(null, body);
  });
  app.enableShutdownHooks();
  await app.init();
  return app;
}
