import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Body as BodySchema, Errors, Operation, READ_ERRORS, Returns, WRITE_ERRORS } from '../openapi/api-docs';
import { ALIAS_REQUEST, POLICY_REQUEST } from '../openapi/request-schemas';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { parsePolicy } from '../../../core/policy/registration-policy';
import { WriteGuard } from '../../auth/write.guard';
import { GovernanceQueries } from '../../registry/governance-queries.service';
import { RegistryWrites } from '../../registry/registry-writes.service';
import type { AliasView, PolicyView } from '../../../contract/views';
import { requestMetadata } from '../requests/request-metadata';
import { writtenReply } from './written-reply';

// Field renames and the registration gate: both are events, both change later reports.
@ApiTags('governance')
@Errors(...READ_ERRORS)
@Controller()
export class GovernanceController {
  constructor(
    private readonly writes: RegistryWrites,
    private readonly queries: GovernanceQueries,
  ) {}

  @Get('aliases')
  @Operation('listAliases', 'The declared field renames')
  @Returns(200, 'Alias', 'the renames in declaration order', { list: true })
  aliases(): Promise<AliasView[]> {
    return this.queries.aliases();
  }

  @Post('aliases')
  @UseGuards(WriteGuard)
  @Operation('declareAlias', 'Declare that field `from` was renamed `to`; later reports match them')
  @ApiBearerAuth('bearer')
  @BodySchema(ALIAS_REQUEST, 'the rename')
  @Returns(201, 'AliasDeclared', 'declared')
  @Returns(200, 'AliasDeclared', 'already declared')
  @Errors(400, 409, ...WRITE_ERRORS)
  async declareAlias(@Body() body: { from?: unknown; to?: unknown } | undefined, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<{ from: unknown; to: unknown }> {
    return writtenReply(reply, await this.writes.declareAlias(body?.from, body?.to, requestMetadata(req)));
  }

  @Get('policy')
  @Operation('getPolicy', 'The global registration policy')
  @Returns(200, 'PolicyView', 'the policy and the position of its last change')
  policy(): Promise<PolicyView> {
    return this.queries.policy();
  }

  @Put('policy')
  @UseGuards(WriteGuard)
  @HttpCode(200)
  @Operation('setPolicy', 'Set the global registration policy (every member required)')
  @ApiBearerAuth('bearer')
  @BodySchema(POLICY_REQUEST, 'the policy')
  @Returns(200, 'PolicyView', 'the policy now in force')
  @Errors(400, ...WRITE_ERRORS)
  async setPolicy(@Body() body: unknown, @Req() req: FastifyRequest): Promise<PolicyView> {
    return this.writes.setPolicy(parsePolicy(body), requestMetadata(req));
  }
}
