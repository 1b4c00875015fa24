import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import { RegistryService } from '../../registry/registry.service';
import type { AliasView, PolicyView } from '../../../contract/views';
import { requestMetadata } from '../requests/request-metadata';

// Field renames and the registration gate: both are events, both change later reports.
@Controller()
export class GovernanceController {
  constructor(
    private readonly registry: RegistryService,
    private readonly queries: GovernanceQueries,
  ) {}

  @Get('aliases')
  aliases(): Promise<AliasView[]> {
    return this.queries.aliases();
  }

  @Post('aliases')
  @UseGuards(WriteGuard)
  async declareAlias(@Body() body: { from?: unknown; to?: unknown } | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ from: unknown; to: unknown }> {
    const result = await this.registry.declareAlias(body?.from, body?.to, requestMetadata(req));
    void reply.status(result.outcome === 'existing' || result.outcome === 'replayed' ? 200 : 201);
    return { from: body?.from, to: body?.to };
  }

  @Get('policy')
  policy(): Promise<PolicyView> {
    return this.queries.policy();
  }

  @Put('policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async setPolicy(@Body() body: unknown, @Req() req: FastifyRequest): Promise<PolicyView> {
    await this.registry.setPolicy(parsePolicy(body), requestMetadata(req));
    return this.queries.policy();
  }
}
