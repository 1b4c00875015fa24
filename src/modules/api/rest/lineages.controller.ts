import { Body, Controller, Get, HttpCode, Param, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body as BodySchema, Errors, Operation, READ_ERRORS, Returns, ReturnsContent, WRITE_ERRORS } from '../openapi/api-docs';
import { LINEAGE_POLICY_REQUEST, RESERVED_REQUEST } from '../openapi/request-schemas';
import { view } from '../openapi/view-schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import type { LineageView, ReservedView } from '../../../contract/views';
import { RegistryWrites } from '../../registry/registry-writes.service';
import { requestMetadata } from '../requests/request-metadata';
import { writtenReply } from './written-reply';

// Lineages (their layouts and policy overrides) and reserved names: all of them events.
@ApiTags('lineages')
@Errors(...READ_ERRORS)
@Controller()
export class LineagesController {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: GovernanceQueries,
  ) {}

  @Get('lineages')
  @Operation('listLineages', 'Every lineage with its layouts and policy')
  @Returns(200, 'Lineage', 'the lineages', { list: true })
  lineages(): Promise<LineageView[]> {
    return this.queries.lineages();
  }

  @Get('lineages/:name')
  @Operation('getLineage', 'One lineage')
  @Returns(200, 'Lineage', 'the lineage')
  @Errors(404)
  lineage(@Param('name') name: string): Promise<LineageView> {
    return this.queries.lineage(name);
  }

  @Get('lineages/:name/policy')
  @Operation('getLineagePolicy', "The lineage's override of the policy (null: the global one applies)")
  @ReturnsContent(200, 'the override, or null', { 'application/json': { oneOf: [view('Policy'), { type: 'null' }] } })
  @Errors(404)
  async lineagePolicy(@Param('name') name: string): Promise<LineageView['policy']> {
    return (await this.queries.lineage(name)).policy;
  }

  // A policy object overrides the global one for this lineage; null returns it to the global one.
  @Put('lineages/:name/policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  @Operation('setLineagePolicy', 'Override the policy for one lineage; null returns it to the global one')
  @ApiBearerAuth('bearer')
  @BodySchema(LINEAGE_POLICY_REQUEST, 'a policy, or null')
  @ReturnsContent(200, 'the override now in force, or null', { 'application/json': { oneOf: [view('Policy'), { type: 'null' }] } })
  @Errors(400, 404, ...WRITE_ERRORS)
  async setLineagePolicy(@Param('name') name: string, @Body() body: unknown, @Req() req: FastifyRequest): Promise<LineageView['policy']> {
    return (await this.writes.setLineagePolicy(name, body === null ? null : parsePolicy(body), requestMetadata(req))).policy;
  }

  @Get('reserved')
  @Operation('listReserved', 'The declared reserved names')
  @Returns(200, 'Reserved', 'the names in declaration order', { list: true })
  reserved(): Promise<ReservedView[]> {
    return this.queries.reserved();
  }

  @Post('reserved')
  @UseGuards(WriteGuard)
  @Operation('declareReserved', 'Declare a field name reserved bytes from now on; later reports treat it so')
  @ApiBearerAuth('bearer')
  @BodySchema(RESERVED_REQUEST, 'the name and why')
  @Returns(201, 'ReservedDeclared', 'declared, or its reason changed')
  @Returns(200, 'ReservedDeclared', 'already declared so')
  @Errors(400, 409, ...WRITE_ERRORS)
  async declareReserved(
    @Body() body: { name?: unknown; reason?: unknown } | undefined,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<{ name: unknown; reason: unknown }> {
    return writtenReply(reply, await this.writes.declareReserved(body?.name, body?.reason, requestMetadata(req)));
  }
}
