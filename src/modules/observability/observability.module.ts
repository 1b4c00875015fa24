import { Module } from '@nestjs/common';
import { EventLogMetrics } from './event-log-metrics';

// The Nest half of observability (event-log metrics); request ids, request logs and latency are
// Fastify hooks installed by createApp, because they must wrap every route, Nest's or not.
@Module({ providers: [EventLogMetrics] })
export class ObservabilityModule {}
