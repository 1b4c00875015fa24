import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Errors, Operation, ReturnsContent } from '../api/openapi/api-docs';
import { MetricsRegistry } from './metrics-registry';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  @Get()
  @Operation('metrics', 'Prometheus metrics (never rate-limited; a reader token with READS_OPEN=false)')
  @ReturnsContent(200, 'Prometheus text exposition', { 'text/plain': { type: 'string' } })
  @Errors(401)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    void reply.header('content-type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
