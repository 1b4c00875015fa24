import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { HealthService } from './health.service';
import type { Readiness } from './readiness';

// /health and /health/ready: readiness (200 ok, or 503 naming what is missing). /health/live:
// the process serves HTTP, nothing more; it never touches Postgres, so a database outage does
// not get the process restarted by an orchestrator that cannot fix it.
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get()
  ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    return this.answer(reply);
  }

  @Get('ready')
  readyAlias(@Res({ passthrough: true }) reply: FastifyReply): Promise<Readiness> {
    return this.answer(reply);
  }

  @Get('live')
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
