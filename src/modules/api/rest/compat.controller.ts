import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CoreError } from '../../../core/errors';
import { flagParam, textParam } from '../../../core/input/params';
import { CEmitterService } from '../../compat/c-emitter.service';
import { CompatibilityService } from '../../compat/compatibility.service';
import { ConversionService } from '../../compat/conversion.service';
import type { ConversionView, MatrixView, PlanView, ReportView } from '../../../contract/views';
import { parseContainer } from '../requests/blob-input';
import { conversionView } from '../requests/conversion-view';
import { decodeBlobBody } from './blob-body';
import { rawConversionReply } from './conversion-reply';

// ?layouts=: 65-character names, comma-separated, for a registry of up to a few hundred layouts.
const MATRIX_LAYOUTS_LENGTH = 65 * 1000;

@Controller()
export class CompatController {
  constructor(
    private readonly compat: CompatibilityService,
    private readonly conversion: ConversionService,
    private readonly emitter: CEmitterService,
  ) {}

  @Get('compat')
  matrix(@Query('layouts') layouts?: unknown): Promise<MatrixView> {
    const names = textParam(layouts, 'layouts', MATRIX_LAYOUTS_LENGTH);
    return this.compat.matrix(names ? names.split(',').filter(Boolean) : undefined);
  }

  @Get('compat/:from/:to')
  report(@Param('from') from: string, @Param('to') to: string): Promise<ReportView> {
    return this.compat.report(from, to);
  }

  @Get('plans/:from/:to')
  plan(@Param('from') from: string, @Param('to') to: string): Promise<PlanView> {
    return this.compat.plan(from, to);
  }

  @Get('converters/:from/:to')
  async converter(@Param('from') from: string, @Param('to') file: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    if (!file.endsWith('.c')) {
      throw new CoreError('NOT_FOUND', 'converters are served as /converters/:from/:to.c', { path: file });
    }
    const to = file.slice(0, -2);
    const source = await this.emitter.converterC(from, to);
    void reply
      .header('content-type', 'text/x-c; charset=utf-8')
      .header('content-disposition', `attachment; filename="vmcs12-convert-${from}-to-${to}.c"`);
    return source;
  }

  // Raw bytes in → raw bytes out with the loss in headers; JSON {blob: base64} → JSON.
  @Post('convert/:from/:to')
  @HttpCode(200)
  async convert(
    @Param('from') from: string,
    @Param('to') to: string,
    @Query('strict') strictParam: unknown,
    @Query('container') containerParam: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConversionView | Buffer> {
    const strict = flagParam(strictParam, 'strict') ?? false;
    const nestedState = parseContainer(textParam(containerParam, 'container'));
    const { bytes, json } = decodeBlobBody(contentType, body);
    const conversion = await this.conversion.convert({ from, to, blob: bytes, strict, nestedState });
    return json ? conversionView(conversion) : rawConversionReply(reply, conversion);
  }
}
