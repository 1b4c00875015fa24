import { Injectable } from '@nestjs/common';
import { convertBlob } from '../../core/conversion/convert-blob';
import type { BlobLoss } from '../../core/conversion/blob-loss';
import { convertNestedState } from '../../core/nested-state/convert-nested-state';
import { RegisteredLayouts } from '../registry/registered-layouts.service';
import { RegistryService } from '../registry/registry.service';
import { ConversionMetrics } from './conversion-metrics';

export interface ConversionResult {
  output: Uint8Array;
  lost: BlobLoss[];
  planId: string;
  fromFingerprint: string;
  toFingerprint: string;
}

// Blobs (or kvm_nested_state containers) converted between two named layouts, measured.
@Injectable()
export class ConversionService {
  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: RegisteredLayouts,
    private readonly metrics: ConversionMetrics,
  ) {}

  async convert(from: string, to: string, blob: Uint8Array, opts: { strict: boolean; nestedState: boolean }): Promise<ConversionResult> {
    const { a, b } = await this.layouts.pair(from, to);
    const { plan, converter } = this.registry.layouts.plan(from, to);
    const started = performance.now();
    const result = opts.nestedState ? convertNestedState(converter, blob, opts) : convertBlob(converter, blob, opts);
    this.metrics.record(from, to, blob.length, result.lost.length, (performance.now() - started) / 1000);
    return { output: result.output, lost: result.lost, planId: plan.id, fromFingerprint: a.fingerprint, toFingerprint: b.fingerprint };
  }
}
