import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LayoutQueries } from '../../registry/layout-queries.service';
import { RegistryService } from '../../registry/registry.service';
import { RegistryInfra } from '../../registry/registry-infra';
import type { ChainVerificationView, EventView } from '../../../contract/views';
import { intParam } from './request-metadata';
import { writeEventStream } from '../../edge/event-stream';
import type { SseLimits } from '../../edge/event-stream';
import { SSE_LIMITS } from '../../tokens';

@Controller('events')
export class EventsController {
  constructor(
    private readonly queries: LayoutQueries,
    private readonly registry: RegistryService,
    private readonly infra: RegistryInfra,
    @Inject(SSE_LIMITS) private readonly limits: SseLimits,
  ) {}

  // A page is at most `limit` events and at most 1 MiB of JSON; when more may follow, `Link:
  // <...>; rel="next"` names the next page (a short page is not the end of the log: an empty one
  // is). Each event is serialised once, here.
  @Get()
  async list(@Query('after') after: string | undefined, @Query('limit') limit: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const n = intParam(limit, 'limit', 100, 1, 1000);
    const page = await this.queries.eventPage(intParam(after, 'after', 0, 0, Number.MAX_SAFE_INTEGER), n);
    const last = page.events.at(-1);
    if (page.more && last !== undefined) {
      void reply.header('link', `</events?after=${last.position}&limit=${n}>; rel="next"`);
    }
    await reply.header('content-type', 'application/json; charset=utf-8').send(`[${page.json.join(',')}]`);
  }

  @Get('verify')
  async verify(): Promise<ChainVerificationView> {
    const v = await this.queries.verify();
    return { ok: v.ok, events: v.events, head: v.head, ...(v.ok ? {} : { firstBadPosition: v.firstBadPosition }) };
  }

  // Server-sent events, fed by LISTEN/NOTIFY from every instance. Starts after `?after=`, or
  // the Last-Event-ID a reconnecting EventSource sends, or else at the current head. The log is
  // read once before the 200, so a database outage is a 503, not an empty stream.
  @Get('stream')
  async stream(
    @Query('after') after: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const from = intParam(after ?? lastEventId, 'after', this.registry.current().position, 0, Number.MAX_SAFE_INTEGER);
    await this.infra.store.readAll(from, 1);
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
    req.raw.on('close', () => abort.abort());
    void writeEventStream(raw, this.infra.feed.subscribe(from, abort.signal, this.limits.pageSize), this.limits, () => abort.abort());
  }
}
