import { Injectable } from '@nestjs/common';
import { CounterFamily, HistogramFamily } from '../metrics/bound-metrics';
import type { CounterChild, HistogramChild } from '../metrics/bound-metrics';
import { MetricsRegistry } from '../metrics/metrics-registry';

// Conversions are measured, not logged as events: they change nothing in the registry. Each
// (from, to) pair binds its counter the first time it is converted; the unlabelled series are
// bound once.
@Injectable()
export class ConversionMetrics {
  private readonly conversions: CounterFamily;
  private readonly byPair = new Map<string, Map<string, CounterChild>>();
  private readonly bytes: CounterChild;
  private readonly lost: CounterChild;
  private readonly seconds: HistogramChild;

  constructor(metrics: MetricsRegistry) {
    const registry = metrics.registry;
    this.conversions = new CounterFamily(registry, 'vmcs12_conversions_total', 'Blobs converted');
    this.bytes = new CounterFamily(registry, 'vmcs12_conversion_bytes_total', 'Input bytes converted').bind();
    this.lost = new CounterFamily(registry, 'vmcs12_conversion_lost_fields_total', 'Field values lost in conversions').bind();
    this.seconds = new HistogramFamily(registry, 'vmcs12_conversion_seconds', 'Time spent in the converter core per blob', [1e-6, 5e-6, 1e-5, 5e-5, 1e-4, 1e-3, 1e-2]).bind();
  }

  record(from: string, to: string, bytes: number, lost: number, seconds: number): void {
    let row = this.byPair.get(from);
    if (row === undefined) {
      row = new Map();
      this.byPair.set(from, row);
    }
    let pair = row.get(to);
    if (pair === undefined) {
      pair = this.conversions.bind({ from, to });
      row.set(to, pair);
    }
    pair.inc();
    this.bytes.inc(bytes);
    this.lost.inc(lost);
    this.seconds.observe(seconds);
  }
}
