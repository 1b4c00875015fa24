import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import type { LineageView } from '../../registry/layout-view';
import { RegistryService } from '../../registry/registry.service';
import { requestMetadata } from '../requests/request-metadata';

// Lineages (their layouts and policy overrides) and reserved names: all of them events.
@Controller()
export class LineagesController {
  constructor(
    private readonly registry: RegistryService,
    private readonly queries: GovernanceQueries,
  ) {}

  @Get('lineages')
  lineages(): Promise<LineageView[]> {
    return this.queries.lineages();
  }

  @Get('lineages/:name')
  lineage(@Param('name') name: string): Promise<LineageView> {
    return this.queries.lineage(name);
  }

  @Get('lineages/:name/policy')
  async lineagePolicy(@Param('name') name: string): Promise<unknown> {
    return (await this.queries.lineage(name)).policy;
  }

  // A policy object overrides the global one for this lineage; null returns it to the global one.
  @Put('lineages/:name/policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async setLineagePolicy(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<unknown> {
    await this.registry.setLineagePolicy(name, body === null ? null : parsePolicy(body), requestMetadata(req));
    return (await this.queries.lineage(name)).policy;
  }

  @Get('reserved')
  reserved(): Promise<unknown> {
    return this.queries.reserved();
  }

  @Post('reserved')
  @UseGuards(WriteGuard)
  async declareReserved(
    @Body() body: { name?: unknown; reason?: unknown } | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<unknown> {
    const result = await this.registry.declareReserved(body?.name, body?.reason, requestMetadata(req));
    void reply.status(result.outcome === 'created' || result.outcome === 'updated' ? 201 : 200);
    return { name: body?.name, reason: body?.reason };
  }
}
