import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DashboardAssetsService } from './dashboard-assets.service';
import type { Asset } from './dashboard-assets.service';

// Same policy as the page's meta tag: everything same-origin, no inline script or style.
const CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// GET / is the dashboard page; its scripts, styles and icon live under /dashboard/. A page, not
// part of the API: left out of the OpenAPI document.
@ApiExcludeController()
@Controller()
export class DashboardController {
  constructor(private readonly assets: DashboardAssetsService) {}

  @Get()
  async index(@Res() reply: FastifyReply): Promise<void> {
    await send(reply.header('content-security-policy', CSP), await this.assets.read('index.html'));
  }

  @Get('dashboard/*')
  async asset(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const requested = (request.params as Record<string, string | undefined>)['*'] ?? '';
    await send(reply, await this.assets.read(requested));
  }
}

async function send(reply: FastifyReply, asset: Asset): Promise<void> {
  await reply
    .status(200)
    .header('content-type', asset.contentType)
    .header('cache-control', 'no-cache')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .send(asset.body);
}
