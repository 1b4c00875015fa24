import { Controller, Get, Headers, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LayoutQueries } from '../../registry/layout-queries.service';
import { RegistryService } from '../../registry/registry.service';
import { RegistryInfra } from '../../registry/registry-infra';
import { intParam } from './request-metadata';

@Controller('events')
export class EventsController {
  constructor(
    private readonly queries: LayoutQueries,
    private readonly registry: RegistryService,
    private readonly infra: RegistryInfra,
  ) {}

  @Get()
  list(@Query('after') after?: string, @Query('limit') limit?: string): Promise<unknown> {
    return this.queries.events(intParam(after, 'after', 0, 0, Number.MAX_SAFE_INTEGER), intParam(limit, 'limit', 100, 1, 1000));
  }

  @Get('verify')
  async verify(): Promise<unknown> {
    const v = await this.queries.verify();
    return { ok: v.ok, events: v.events, head: v.head, ...(v.ok ? {} : { firstBadPosition: v.firstBadPosition }) };
  }

  // Server-sent events, fed by LISTEN/NOTIFY from every instance. Starts after `?after=`, or
  // the Last-Event-ID a reconnecting EventSource sends, or else at the current head.
  @Get('stream')
  stream(
    @Query('after') after: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): void {
    const from = intParam(after ?? lastEventId, 'after', this.registry.current().position, 0, Number.MAX_SAFE_INTEGER);
    const abort = new AbortController();
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write(': vmcs12-registry event stream\n\n');
    const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(keepAlive);
      abort.abort();
    });
    void (async () => {
      try {
        for await (const event of this.infra.feed.subscribe(from, abort.signal)) {
          raw.write(`id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`);
        }
      } catch {
        // The client went away or the feed closed with the app: nothing left to tell anyone.
      } finally {
        clearInterval(keepAlive);
        raw.end();
      }
    })();
  }
}
