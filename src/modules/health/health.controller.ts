import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Operation, Returns } from '../api/openapi/api-docs';
import { HealthService } from './health.service';
import type { Readiness } from './readiness';

// /health and /health/ready: readiness (200 ok, or 503 naming what is missing). /health/live:
// the process serves HTTP, nothing more; it never touches Postgres, so a database outage does
// not get the process restarted by an orchestrator that cannot fix it.
@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  @Operation('health', 'Readiness: the database, the migrations and the catalog (never rate-limited, open with READS_OPEN=false)')
  @Returns(200, 'Readiness', 'ready')
  @Returns(503, 'Readiness', 'not ready: the parts that are missing')
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    return this.answer(reply);
  }

  @Get('ready')
  @Operation('healthReady', 'The same as GET /health')
  @Returns(200, 'Readiness', 'ready')
  @Returns(503, 'Readiness', 'not ready: the parts that are missing')
  readyAlias(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    return this.answer(reply);
  }

  @Get('live')
  @Operation('healthLive', 'Liveness: the process serves HTTP (never touches Postgres)')
  @Returns(200, 'Liveness', 'alive')
  @HttpCode(200)
  live(): { status: string } {
    return { status: 'ok' };
  }

  private async answer(reply: FastifyReply): Promise<Readiness> {
    const result = await this.health.check();
    void reply.status(result.status === 'ok' ? 200 : 503);
    return result;
  }
}
