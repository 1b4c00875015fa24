import { Controller, Get, Headers, Inject, Query, Req, Res } from '@nestjs/common';
import { ApiHeader, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Errors, Operation, READ_ERRORS, Returns, ReturnsContent } from '../openapi/api-docs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { EVENT_PAGE_DEFAULT_LIMIT, EVENT_PAGE_MAX_LIMIT, EventLogService } from '../../registry/event-log.service';
import type { ChainVerificationView } from '../../../contract/views';
import { intParam } from '../../../core/input/params';
import { sendEventStream } from '../../edge/event-stream';
import type { SseLimits } from '../../edge/event-stream';
import { SSE_LIMITS } from '../../tokens';

@ApiTags('events')
@Errors(...READ_ERRORS)
@Controller('events')
export class EventsController {
  constructor(
    private readonly eventLog: EventLogService,
    @Inject(SSE_LIMITS) private readonly limits: SseLimits,
  ) {}

  // A page is at most `limit` events and at most 1 MiB of JSON; when more may follow, `Link:
  // <...>; rel="next"` names the next page (a short page is not the end of the log: an empty one
  // is). Each event is serialised once, by the page.
  @Get()
  @Operation('listEvents', 'A page of the event log, in order')
  @ApiQuery({ name: 'after', required: false, schema: { type: 'integer', minimum: 0 }, description: 'the position to start after (default 0)' })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 }, description: 'at most this many events (default 100); a page also ends at 1 MiB' })
  @Returns(200, 'Event', 'the events; an empty page is the end of the log', { list: true, headers: { Link: '<...>; rel="next" when more may follow' } })
  @Errors(400)
  async list(@Query('after') after: string | undefined, @Query('limit') limit: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    const n = intParam(limit, 'limit', EVENT_PAGE_DEFAULT_LIMIT, 1, EVENT_PAGE_MAX_LIMIT);
    const page = await this.eventLog.page(intParam(after, 'after', 0, 0, Number.MAX_SAFE_INTEGER), n);
    const last = page.events.at(-1);
    if (page.more && last !== undefined) {
      void reply.header('link', `</events?after=${last.position}&limit=${n}>; rel="next"`);
    }
    await reply.header('content-type', 'application/json; charset=utf-8').send(`[${page.json.join(',')}]`);
  }

  @Get('verify')
  @Operation('verifyEventChain', 'Re-check the hash chain of the whole log')
  @Returns(200, 'ChainVerification', '`ok: false` names the first bad position')
  verify(): Promise<ChainVerificationView> {
    return this.eventLog.verify();
  }

  // Server-sent events, fed by LISTEN/NOTIFY from every instance. Starts after `?after=`, or
  // the Last-Event-ID a reconnecting EventSource sends, or else at the current head. The log is
  // read once before the 200, so a database outage is a 503, not an empty stream.
  @Get('stream')
  @Operation('streamEvents', 'The events live, as server-sent events')
  @ApiQuery({ name: 'after', required: false, schema: { type: 'integer', minimum: 0 }, description: 'start after this position (default: the current head)' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'what a reconnecting EventSource sends: the position to resume after' })
  @ReturnsContent(200, 'one `event:` per appended event, its `data:` the Event as JSON, its `id:` the position', { 'text/event-stream': { type: 'string' } })
  @Errors(400)
  async stream(
    @Query('after') after: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const from = intParam(after ?? lastEventId, 'after', this.eventLog.head(), 0, Number.MAX_SAFE_INTEGER);
    const abort = new AbortController();
    const events = await this.eventLog.follow(from, abort.signal, this.limits.pageSize);
    sendEventStream(req, reply, events, this.limits, abort);
  }
}
