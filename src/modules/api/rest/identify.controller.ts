import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { textParam } from '../../../core/input/params';
import type { IdentificationView, KernelLookupView } from '../../../contract/views';
import { IdentifyService } from '../../compat/identify.service';
import { parseContainer } from '../requests/blob-input';
import { decodeBlobBody } from './blob-body';

// Which layout wrote this blob, and which layouts a kernel release uses (API.md "Identification").
@Controller()
export class IdentifyController {
  constructor(private readonly identifier: IdentifyService) {}

  @Post('identify')
  @HttpCode(200)
  identify(@Query('container') containerParam: unknown, @Headers('content-type') contentType: string | undefined, @Body() body: unknown): IdentificationView {
    const nestedState = parseContainer(textParam(containerParam, 'container'));
    return this.identifier.identify(decodeBlobBody(contentType, body).bytes, { nestedState });
  }

  @Get('kernels/:release')
  kernel(@Param('release') release: string): KernelLookupView {
    return this.identifier.kernel(release);
  }
}
