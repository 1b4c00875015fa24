import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CoreError } from '../../../core/errors';
import { flagParam, textParam } from '../../../core/input/params';
import { CEmitterService } from '../../compat/c-emitter.service';
import { CompatibilityService } from '../../compat/compatibility.service';
import { ConversionService, type ConversionResult } from '../../compat/conversion.service';
import { IdentifyService } from '../../compat/identify.service';
import type { ConversionView, MatrixView, PlanView, ReportView } from '../../../contract/views';
import { containerOption, decodeBlobBody, lossHeader } from './blob-body';

const AUTO = 'auto';

// ?layouts=: 65-character names, comma-separated, for a registry of up to a few hundred layouts.
const MATRIX_LAYOUTS_LENGTH = 65 * 1000;

@Controller()
export class CompatController {
  constructor(
    private readonly compat: CompatibilityService,
    private readonly conversion: ConversionService,
    private readonly emitter: CEmitterService,
    private readonly identifier: IdentifyService,
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
    const nestedState = containerOption(textParam(containerParam, 'container'));
    const { bytes, json } = decodeBlobBody(contentType, body);
    const opts = { strict, nestedState };
    // `auto`: the source layout is identified from the blob (API.md "Identification").
    const result: ConversionResult & { from?: string; sourceCandidates?: string[] } =
      from === AUTO ? await this.identifier.convertAuto(to, bytes, opts) : await this.conversion.convert(from, to, bytes, opts);
    const auto = result.sourceCandidates && result.from ? { from: result.from, sourceCandidates: result.sourceCandidates } : undefined;
    if (json) {
      return {
        blob: Buffer.from(result.output).toString('base64'),
        lost: result.lost,
        planId: result.planId,
        fromFingerprint: result.fromFingerprint,
        toFingerprint: result.toFingerprint,
        ...auto,
      };
    }
    if (auto) {
      void reply.header('x-source-candidates', auto.sourceCandidates.join(',')).header('x-source-layout', auto.from);
    }
    void reply
      .header('content-type', 'application/octet-stream')
      .header('x-lost-fields', lossHeader(result.lost))
      .header('x-plan-id', result.planId)
      .header('x-from-fingerprint', result.fromFingerprint)
      .header('x-to-fingerprint', result.toFingerprint);
    return Buffer.from(result.output.buffer, result.output.byteOffset, result.output.byteLength);
  }
}
