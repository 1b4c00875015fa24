import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Body as BodySchema, Errors, Operation, READ_ERRORS, Returns, ReturnsContent, WRITE_ERRORS } from '../openapi/api-docs';
import { ANNOTATE_REQUEST, DEPRECATE_REQUEST, REGISTER_REQUEST } from '../openapi/request-schemas';
import { view } from '../openapi/view-schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { flagParam, textParam } from '../../../core/input/params';
import { CEmitterService } from '../../compat/c-emitter.service';
import { WriteGuard } from '../../auth/write.guard';
import { LayoutQueries } from '../../registry/layout-queries.service';
import { RegistryWrites } from '../../registry/registry-writes.service';
import type { LayoutSummaryView, LayoutView, RegistrationView } from '../../../contract/views';
import { requestMetadata } from '../requests/request-metadata';
import { writtenReply } from './written-reply';

@ApiTags('layouts')
@Errors(...READ_ERRORS)
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
  @Operation('registerLayout', 'Register a layout from C text, JSON or BTF')
  @ApiBearerAuth('bearer')
  @BodySchema(REGISTER_REQUEST, 'one of the formats; `format` may be left out when `source` (C) or `module` (BTF) says which')
  @Returns(201, 'Registration', 'registered: the layout, and what the gate said about it')
  @Returns(200, 'Registration', 'this name already holds exactly this content')
  @Errors(400, 409, ...WRITE_ERRORS)
  async register(@Body() body: unknown, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RegistrationView> {
    return writtenReply(reply, await this.writes.register(body, requestMetadata(req)));
  }

  @Get()
  @Operation('listLayouts', 'The layouts in registration order, without their fields')
  @ApiQuery({ name: 'revision', required: false, schema: { type: 'string' }, description: 'only layouts with this revision id' })
  @ApiQuery({ name: 'deprecated', required: false, schema: { type: 'string', enum: ['true', 'false'] } })
  @Returns(200, 'LayoutSummary', 'the layouts', { list: true })
  @Errors(400)
  list(@Query('revision') revision?: unknown, @Query('deprecated') deprecated?: unknown): Promise<LayoutSummaryView[]> {
    return this.queries.list({ revision: textParam(revision, 'revision', 64), deprecated: flagParam(deprecated, 'deprecated') });
  }

  // `:name.h` is the generated header, unless a layout is literally named so.
  @Get(':name')
  @Operation('getLayout', 'One layout with its fields; `:name.h` is the layout as a C header')
  @ApiParam({ name: 'name', description: 'a layout name, or a name followed by .h for the header' })
  @ReturnsContent(200, 'the layout; for `:name.h` the C header with a static assertion of every offset and of the size', {
    'application/json': view('Layout'),
    'text/x-c': { type: 'string' },
  })
  @Errors(404)
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
  @Operation('deprecateLayout', 'Deprecate a layout; it stays readable and convertible')
  @ApiBearerAuth('bearer')
  @BodySchema(DEPRECATE_REQUEST, 'why')
  @Returns(200, 'Layout', 'the deprecated layout')
  @Errors(400, 404, ...WRITE_ERRORS)
  async deprecate(@Param('name') name: string, @Body() body: { reason?: unknown } | undefined, @Req() req: FastifyRequest): Promise<LayoutView> {
    return this.writes.deprecate(name, body?.reason, requestMetadata(req));
  }

  @Post(':name/annotations')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  @Operation('annotateLayout', 'Set the kernel, commit or notes of a layout (members left out keep their value)')
  @ApiBearerAuth('bearer')
  @BodySchema(ANNOTATE_REQUEST, 'the annotations to set')
  @Returns(200, 'Layout', 'the annotated layout')
  @Errors(400, 404, ...WRITE_ERRORS)
  async annotate(@Param('name') name: string, @Body() body: Record<string, unknown> | undefined, @Req() req: FastifyRequest): Promise<LayoutView> {
    return this.writes.annotate(name, body ?? {}, requestMetadata(req));
  }
}
