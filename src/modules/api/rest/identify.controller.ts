import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Body as BodySchema, Errors, Operation, READ_ERRORS, Returns } from '../openapi/api-docs';
import { BLOB_REQUEST } from '../openapi/request-schemas';
import { textParam } from '../../../core/input/params';
import type { IdentificationView, KernelLookupView } from '../../../contract/views';
import { IdentifyService } from '../../compat/identify.service';
import { parseContainer } from '../requests/blob-input';
import { decodeBlobBody } from './blob-body';

// Which layout wrote this blob, and which layouts a kernel release uses (API.md "Identification").
@ApiTags('identification')
@Errors(...READ_ERRORS)
@Controller()
export class IdentifyController {
  constructor(private readonly identifier: IdentifyService) {}

  @Post('identify')
  @HttpCode(200)
  @Operation('identifyBlob', 'Rank every registered layout that could have written a blob, from its bytes alone')
  @ApiQuery({ name: 'container', required: false, schema: { type: 'string', enum: ['nested-state'] }, description: 'the body is a whole struct kvm_nested_state' })
  @BodySchema(BLOB_REQUEST, 'the blob: raw bytes, or JSON {blob: base64}', ['application/json', 'application/octet-stream'])
  @Returns(200, 'Identification', 'the candidates, best first, with their evidence')
  @Errors(400, 413, 415, 422)
  identify(@Query('container') containerParam: unknown, @Headers('content-type') contentType: string | undefined, @Body() body: unknown): IdentificationView {
    const nestedState = parseContainer(textParam(containerParam, 'container'));
    return this.identifier.identify(decodeBlobBody(contentType, body).bytes, { nestedState });
  }

  @Get('kernels/:release')
  @Operation('kernelLayouts', 'The layouts known to be used by a kernel release')
  @Returns(200, 'KernelLookup', 'the layouts with their evidence')
  @Errors(400, 404)
  kernel(@Param('release') release: string): KernelLookupView {
    return this.identifier.kernel(release);
  }
}
