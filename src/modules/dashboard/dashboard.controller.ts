import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PAGE_CSP, sendPageFile } from '../edge/page-reply';
import { DashboardAssetsService } from './dashboard-assets.service';

// GET / is the dashboard page (its CSP is also the page's meta tag); its scripts, styles and icon live under /dashboard/. A page, not
// part of the API: left out of the OpenAPI document.
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(private readonly assets: DashboardAssetsService) {}

  @Get()
  async index(@Res() reply: FastifyReply): Promise<void> {
    await sendPageFile(reply.header('content-security-policy', PAGE_CSP), await this.assets.read('index.html'));
  }

  @Get('dashboard/*')
  async asset(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const requested = (request.params as Record<string, string | undefined>)['*'] ?? '';
    await sendPageFile(reply, await this.assets.read(requested));
  }
}
