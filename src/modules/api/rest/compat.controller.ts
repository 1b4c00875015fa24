import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { Body as BodySchema, Errors, Operation, READ_ERRORS, Returns, ReturnsContent } from '../openapi/api-docs';
import { BLOB_REQUEST } from '../openapi/request-schemas';
import { view } from '../openapi/view-schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CoreError } from '../../../core/errors';
import { textParam } from '../../../core/input/params';
import { CEmitterService } from '../../compat/c-emitter.service';
import { CompatibilityService } from '../../compat/compatibility.service';
import { ConversionService } from '../../compat/conversion.service';
import type { MatrixView, PlanView, ReportView } from '../../../contract/views';
import { answerConversion } from './convert-handler';

// ?layouts=: 65-character names, comma-separated, for a registry of up to a few hundred layouts.
const MATRIX_LAYOUTS_LENGTH = 65 * 1000;

@ApiTags('compatibility and conversion')
@Errors(...READ_ERRORS)
@Controller()
export class CompatController {
  constructor(
    private readonly compat: CompatibilityService,
    private readonly conversion: ConversionService,
    private readonly emitter: CEmitterService,
  ) {}

  @Get('compat')
  @Operation('compatMatrix', 'The verdict of every pair of layouts (row: from, column: to)')
  @ApiQuery({ name: 'layouts', required: false, schema: { type: 'string' }, description: 'comma-separated layout names (default: all)' })
  @Returns(200, 'Matrix', 'the matrix')
  @Errors(400, 404)
  matrix(@Query('layouts') layouts?: unknown): Promise<MatrixView> {
    const names = textParam(layouts, 'layouts', MATRIX_LAYOUTS_LENGTH);
    return this.compat.matrix(names ? names.split(',').filter(Boolean) : undefined);
  }

  @Get('compat/:from/:to')
  @Operation('compatReport', 'The compatibility report from one layout to another, over data fields')
  @Returns(200, 'Report', 'the report')
  @Errors(404)
  report(@Param('from') from: string, @Param('to') to: string): Promise<ReportView> {
    return this.compat.report(from, to);
  }

  @Get('plans/:from/:to')
  @Operation('conversionPlan', 'The conversion plan from one layout to another')
  @Returns(200, 'Plan', 'the plan')
  @Errors(404)
  plan(@Param('from') from: string, @Param('to') to: string): Promise<PlanView> {
    return this.compat.plan(from, to);
  }

  @Get('converters/:from/:to')
  @Operation('converterC', 'The converter as self-contained C: int vmcs12_convert(void *dst, const void *src)')
  @ApiParam({ name: 'to', description: 'the target layout name followed by .c', example: 'linux-v4.14.c' })
  @ReturnsContent(200, 'C source (an attachment)', { 'text/x-c': { type: 'string' } })
  @Errors(404)
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
  @Operation('convertBlob', 'Convert a blob (or a kvm_nested_state) from one layout to another')
  @ApiParam({ name: 'from', description: 'the source layout, or `auto` to identify it from the blob' })
  @ApiQuery({ name: 'strict', required: false, schema: { type: 'string', enum: ['true', 'false'] }, description: 'any loss is a 422' })
  @ApiQuery({ name: 'container', required: false, schema: { type: 'string', enum: ['nested-state'] }, description: 'the body is a whole struct kvm_nested_state' })
  @BodySchema(BLOB_REQUEST, 'the blob: raw bytes, or JSON {blob: base64}', ['application/json', 'application/octet-stream'])
  @ReturnsContent(
    200,
    'JSON in: the conversion as JSON; raw bytes in: the converted bytes, with the loss and the plan in headers',
    { 'application/json': view('Conversion'), 'application/octet-stream': { type: 'string', contentMediaType: 'application/octet-stream' } },
    {
      'X-Lost-Fields': 'raw answers: lost values, comma-separated, `name` or `name[i]`',
      'X-Plan-Id': 'raw answers: the plan used',
      'X-From-Fingerprint': 'raw answers',
      'X-To-Fingerprint': 'raw answers',
      'X-Source-Layout': 'raw answers from `auto`: the source layout used',
      'X-Source-Candidates': 'raw answers from `auto`: every layout that could have written the blob',
    },
  )
  @Errors(400, 404, 409, 413, 415, 422)
  // This method serves JSON bodies and declares the operation for the OpenAPI document; raw
  // bodies go to raw-convert-route.ts, which calls the same answerConversion without Nest's
  // per-request wrapping. Four parameters, not seven: Nest resolves each decorated parameter
  // through its pipe machinery (an async call, awaited, per parameter); the query, the content
  // type and the body are read off the request in answerConversion. The path parameters stay
  // decorated: @nestjs/swagger documents them from these decorators (openapi.json must not
  // change). The answer is sent on the reply (@Res() without passthrough): a returned Buffer
  // would go through Nest's check for a streamed body, which prints the Buffer constructor's
  // source on every request. Errors go to the exception filter.
  async convert(@Param('from') from: string, @Param('to') to: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    await answerConversion(this.conversion, from, to, request, reply);
  }
}
