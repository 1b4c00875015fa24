import { Injectable } from '@nestjs/common';
import { loadCatalog } from '../../core/catalog/catalog';
import { lineageOf } from '../../core/events/events';
import { convertBlob, lossy } from '../../core/conversion/convert-blob';
import type { BlobLoss } from '../../core/conversion/blob-loss';
import { convertAuto } from '../../core/identify/convert-auto';
import { identifyBlob, type Identification, type LayoutCandidateInput } from '../../core/identify/identify';
import { identifyNestedState } from '../../core/identify/identify-nested-state';
import { lookupKernel, type KernelEvidenceInput, type KernelLookup } from '../../core/identify/kernel-lookup';
import { convertNestedState } from '../../core/nested-state/convert-nested-state';
import { NESTED_STATE } from '../../core/nested-state/nested-state-header';
import { RegisteredLayouts } from '../registry/registered-layouts.service';
import { RegistryService } from '../registry/registry.service';
import type { ConversionResult } from './conversion.service';
import { ConversionMetrics } from './conversion-metrics';

export interface AutoConversionResult extends ConversionResult {
  from: string;
  sourceCandidates: string[];
}

// Identification, auto conversion and the kernel lookup over the registered layouts.
@Injectable()
export class IdentifyService {
  private catalog: ReadonlyMap<string, { kernels: KernelEvidenceInput['kernels'] }> | undefined;

  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: RegisteredLayouts,
    private readonly metrics: ConversionMetrics,
  ) {}

  identify(blob: Uint8Array, opts: { nestedState: boolean }): Identification {
    const layouts = this.candidates();
    return opts.nestedState ? identifyNestedState(blob, layouts) : identifyBlob(blob, layouts);
  }

  async convertAuto(to: string, blob: Uint8Array, opts: { strict: boolean; nestedState: boolean }): Promise<AutoConversionResult> {
    const target = await this.layouts.one(to);
    const cache = this.registry.layouts;
    const started = process.hrtime.bigint();
    const id = this.identify(blob, opts);
    const run = (from: string): { output: Uint8Array; lost: BlobLoss[] } => {
      const { converter } = cache.plan(from, to);
      return opts.nestedState ? convertNestedState(converter, blob) : convertBlob(converter, blob);
    };
    const chosen = convertAuto(id, run, target.layout, opts.nestedState ? NESTED_STATE.vmcs12Offset : 0);
    const { lost, output } = chosen.conversion;
    if (opts.strict && lost.length > 0) {
      throw lossy(lost, { from: chosen.from, ...(opts.nestedState ? { container: 'nested-state' } : {}) });
    }
    this.metrics.record(chosen.from, to, blob.length, lost.length, Number(process.hrtime.bigint() - started) / 1e9);
    const { plan } = cache.plan(chosen.from, to);
    return {
      output,
      lost,
      planId: plan.id,
      fromFingerprint: cache.require(chosen.from).fingerprint,
      toFingerprint: target.fingerprint,
      from: chosen.from,
      sourceCandidates: chosen.considered,
    };
  }

  kernel(release: string): KernelLookup {
    const cache = this.registry.layouts;
    const entries = [...this.catalogFacts()].flatMap(([name, facts]) => {
      const registered = cache.find(name);
      return registered ? [{ name, lineage: this.lineageOf(name), fingerprint: registered.fingerprint, kernels: facts.kernels }] : [];
    });
    return lookupKernel(release, entries);
  }

  // Registered layouts in registration order, each with its lineage; declared reserved names
  // are already padding in the cache's layouts, so their bytes must be zero.
  private candidates(): LayoutCandidateInput[] {
    const cache = this.registry.layouts;
    return cache.names().map((name) => ({ name, layout: cache.require(name).layout, lineage: this.lineageOf(name) }));
  }

  private lineageOf(name: string): string | null {
    const data = this.registry.layouts.find(name)?.data;
    return data ? lineageOf(data) : null;
  }

  // The catalog's kernel evidence, read once: registrations do not carry it.
  private catalogFacts(): ReadonlyMap<string, { kernels: KernelEvidenceInput['kernels'] }> {
    this.catalog ??= new Map(loadCatalog().map((e) => [e.name, { kernels: e.kernels }]));
    return this.catalog;
  }
}
