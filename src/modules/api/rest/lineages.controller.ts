import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import type { LineageView, ReservedView } from '../../../contract/views';
import { RegistryWrites } from '../../registry/registry-writes.service';
import { requestMetadata } from '../requests/request-metadata';

// Lineages (their layouts and policy overrides) and reserved names: all of them events.
@Controller()
export class LineagesController {
  constructor(
    private readonly writes: RegistryWrites,
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
  async lineagePolicy(@Param('name') name: string): Promise<LineageView['policy']> {
    return (await this.queries.lineage(name)).policy;
  }

  // A policy object overrides the global one for this lineage; null returns it to the global one.
  @Put('lineages/:name/policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  async setLineagePolicy(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<LineageView['policy']> {
    return (await this.writes.setLineagePolicy(name, body === null ? null : parsePolicy(body), requestMetadata(req))).policy;
  }

  @Get('reserved')
  reserved(): Promise<ReservedView[]> {
    return this.queries.reserved();
  }

  @Post('reserved')
  @UseGuards(WriteGuard)
  async declareReserved(
    @Body() body: { name?: unknown; reason?: unknown } | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ name: unknown; reason: unknown }> {
    const { created, view } = await this.writes.declareReserved(body?.name, body?.reason, requestMetadata(req));
    void reply.status(created ? 201 : 200);
    return view;
  }
}
