import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import { RegistryWrites } from '../../registry/registry-writes.service';
import type { AliasView, PolicyView } from '../../../contract/views';
import { requestMetadata } from '../requests/request-metadata';

// Field renames and the registration gate: both are events, both change later reports.
@Controller()
export class GovernanceController {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: GovernanceQueries,
  ) {}

  @Get('aliases')
  aliases(): Promise<AliasView[]> {
    return this.queries.aliases();
  }

  @Post('aliases')
  @UseGuards(WriteGuard)
  async declareAlias(@Body() body: { from?: unknown; to?: unknown } | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ from: unknown; to: unknown }> {
    const { created, view } = await this.writes.declareAlias(body?.from, body?.to, requestMetadata(req));
    void reply.status(created ? 201 : 200);
    return view;
  }

  @Get('policy')
  policy(): Promise<PolicyView> {
    return this.queries.policy();
  }

  @Put('policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async setPolicy(@Body() body: unknown, @Req() req: FastifyRequest): Promise<PolicyView> {
    return this.writes.setPolicy(parsePolicy(body), requestMetadata(req));
  }
}
