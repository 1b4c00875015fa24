import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { Controller, HttpCode, Module, Param, Post, Req, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { copyWithConvertHeaders } from './stack-reply';

// A reference for the load bench (--stack): bench/stack-fastify-server.ts's route as a Nest
// controller on the Fastify adapter, declared as the service's convert handler is (two path
// parameters, @Req, @Res), with the service's adapter options (no middie) and nothing else:
// no hooks, no logging, no modules. Its ratio to the floor is the most a Nest route can reach.
//   node dist/bench/stack-nest-server.js [port]
@Controller()
class ConvertShape {
  @Post('convert/:from/:to')
  @HttpCode(200)
  convert(@Param('from') from: string, @Param('to') to: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    void reply.send(copyWithConvertHeaders(request.body as Buffer, from, to, (name, value) => void reply.header(name, value)));
    return Promise.resolve();
  }
}

@Module({ controllers: [ConvertShape] })
class StackModule {}

async function main(): Promise<void> {
  const app = await NestFactory.create<NestFastifyApplication>(StackModule, new FastifyAdapter({ skipMiddie: true }), { logger: false });
  app.getHttpAdapter().getInstance().addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  await app.listen(Number(process.argv[2] ?? 0), '127.0.0.1');
  process.stdout.write(`${(app.getHttpServer().address() as AddressInfo).port}\n`);
}
void main();
process.once('SIGTERM', () => process.exit(0));
