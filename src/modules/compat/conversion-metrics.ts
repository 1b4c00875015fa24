import { Injectable } from '@nestjs/common';
import { Counter, Histogram } from 'prom-client';
import { MetricsRegistry } from '../metrics/metrics-registry';

// Conversions are measured, not logged as events: they change nothing in the registry.
@Injectable()
export class ConversionMetrics {
  private readonly conversions: Counter<'from' | 'to'>;
  private readonly bytes: Counter;
  private readonly lost: Counter;
  private readonly seconds: Histogram;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.conversions = new Counter({ name: 'vmcs12_conversions_total', help: 'Blobs converted', labelNames: ['from', 'to'], registers });
    this.bytes = new Counter({ name: 'vmcs12_conversion_bytes_total', help: 'Input bytes converted', registers });
    this.lost = new Counter({ name: 'vmcs12_conversion_lost_fields_total', help: 'Field values lost in conversions', registers });
    this.seconds = new Histogram({
      name: 'vmcs12_conversion_seconds',
      help: 'Time spent in the converter core per blob',
      buckets: [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 1e-3, 1e-2],
      registers,
    });
  }

  record(from: string, to: string, bytes: number, lost: number, seconds: number): void {
    this.conversions.inc({ from, to });
    this.bytes.inc(bytes);
    this.lost.inc(lost);
    this.seconds.observe(seconds);
  }
}
