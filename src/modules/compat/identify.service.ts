import { Injectable } from '@nestjs/common';
import { loadCatalog } from '../../core/catalog/catalog';
import { lineageOf } from '../../core/events/events';
import { identifyBlob, type Identification, type LayoutCandidateInput } from '../../core/identify/identify';
import { identifyNestedState } from '../../core/identify/identify-nested-state';
import { lookupKernel, type KernelEvidenceInput, type KernelLookup } from '../../core/identify/kernel-lookup';
import { RegistryService } from '../registry/registry.service';

// Identification and the kernel lookup over the registered layouts.
@Injectable()
export class IdentifyService {
  private catalog: ReadonlyMap<string, { kernels: KernelEvidenceInput['kernels'] }> | undefined;

  constructor(private readonly registry: RegistryService) {}

  identify(blob: Uint8Array, opts: { nestedState: boolean }): Identification {
    const layouts = this.candidates();
    return opts.nestedState ? identifyNestedState(blob, layouts) : identifyBlob(blob, layouts);
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
