import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { flagParam, textParam } from '../../../core/input/params';
import { CEmitterService } from '../../compat/c-emitter.service';
import { WriteGuard } from '../../auth/write.guard';
import { LayoutQueries } from '../../registry/layout-queries.service';
import { RegistryWrites } from '../../registry/registry-writes.service';
import type { LayoutSummaryView, LayoutView, RegistrationView } from '../../../contract/views';
import { requestMetadata } from '../requests/request-metadata';

@Controller('layouts')
export class LayoutsController {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: LayoutQueries,
    private readonly emitter: CEmitterService,
  ) {}

  // 201 with the layout when it is new; 200 with the same layout when this name already holds
  // exactly this content. `notes`: what the format had to assume (BTF records no revision).
  @Post()
  @UseGuards(WriteGuard)
  async register(@Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RegistrationView> {
    const { created, view } = await this.writes.register(body, requestMetadata(req));
    void reply.status(created ? 201 : 200);
    return view;
  }

  @Get()
  list(@Query('revision') revision?: unknown, @Query('deprecated') deprecated?: unknown): Promise<LayoutSummaryView[]> {
    return this.queries.list({ revision: textParam(revision, 'revision', 64), deprecated: flagParam(deprecated, 'deprecated') });
  }

  // `:name.h` is the generated header, unless a layout is literally named so.
  @Get(':name')
  async get(@Param('name') name: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<LayoutView | string> {
    if (name.endsWith('.h') && !(await this.queries.exists(name))) {
      void reply.header('content-type', 'text/x-c; charset=utf-8');
      return this.emitter.header(name.slice(0, -2));
    }
    return this.queries.get(name);
  }

  @Post(':name/deprecate')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async deprecate(@Param('name') name: string, @Body() body: { reason?: unknown } | undefined, @Req() req: FastifyRequest): Promise<LayoutView> {
    return this.writes.deprecate(name, body?.reason, requestMetadata(req));
  }

  @Post(':name/annotations')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async annotate(@Param('name') name: string, @Body() body: Record<string, unknown> | undefined, @Req() req: FastifyRequest): Promise<LayoutView> {
    return this.writes.annotate(name, body ?? {}, requestMetadata(req));
  }
}
