import { Injectable } from '@nestjs/common';
import { convertBlob, lossy } from '../../core/conversion/convert-blob';
import type { BlobLoss } from '../../core/conversion/blob-loss';
import { convertAuto } from '../../core/identify/convert-auto';
import { convertNestedState } from '../../core/nested-state/convert-nested-state';
import { NESTED_STATE } from '../../core/nested-state/nested-state-header';
import type { CachedLayout } from '../registry/layout-cache';
import { RegisteredLayouts } from '../registry/registered-layouts.service';
import { RegistryService } from '../registry/registry.service';
import { ConversionMetrics } from './conversion-metrics';
import { IdentifyService } from './identify.service';

// `from: "auto"`: the source layout is identified from the blob (API.md "Identification").
export const AUTO_SOURCE = 'auto';

// POST /convert/:from/:to and GraphQL convert, parsed.
export interface ConvertRequest {
  from: string; // a layout name or AUTO_SOURCE
  to: string;
  blob: Uint8Array;
  strict: boolean; // any loss is an error instead of a result
  nestedState: boolean; // blob is a whole struct kvm_nested_state
}

export interface Conversion {
  output: Uint8Array;
  lost: BlobLoss[];
  planId: string;
  fromFingerprint: string;
  toFingerprint: string;
  auto?: { from: string; sourceCandidates: string[] }; // from AUTO_SOURCE: what identification chose
}

// Blobs (or kvm_nested_state containers) converted between two layouts, measured.
@Injectable()
export class ConversionService {
  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: RegisteredLayouts,
    private readonly identifier: IdentifyService,
    private readonly metrics: ConversionMetrics,
  ) {}

  convert(request: ConvertRequest): Promise<Conversion> {
    return request.from === AUTO_SOURCE ? this.convertAuto(request) : this.convertNamed(request);
  }

  // The conversion without a promise, when it needs none: a named pair this instance already
  // holds (the hot path of POST /convert). Undefined for `auto` and for a name not in the cache,
  // which convert() answers (its catch-up read of the log is asynchronous). Under load each
  // promise a request awaits costs more than the conversion itself (BENCHMARKS.md, issue 18).
  convertCached(request: ConvertRequest): Conversion | undefined {
    if (request.from === AUTO_SOURCE) {
      return undefined;
    }
    const pair = this.layouts.cachedPair(request.from, request.to);
    return pair === undefined ? undefined : this.convertPair(request, pair.a, pair.b);
  }

  // The source layout's blob size when convertCached would convert between these names, else
  // undefined: the raw conversion lane takes a request only then, before reading its body.
  cachedSourceSize(from: string, to: string): number | undefined {
    if (from === AUTO_SOURCE) {
      return undefined;
    }
    return this.layouts.cachedPair(from, to)?.a.layout.size;
  }

  private async convertNamed(request: ConvertRequest): Promise<Conversion> {
    const { a, b } = this.layouts.cachedPair(request.from, request.to) ?? (await this.layouts.pair(request.from, request.to));
    return this.convertPair(request, a, b);
  }

  private convertPair({ from, to, blob, strict, nestedState }: ConvertRequest, a: CachedLayout, b: CachedLayout): Conversion {
    const { plan, converter } = this.registry.layouts.plan(from, to);
    const started = performance.now();
    const result = nestedState ? convertNestedState(converter, blob, { strict }) : convertBlob(converter, blob, { strict });
    this.metrics.record(from, to, blob.length, result.lost.length, (performance.now() - started) / 1000);
    return { output: result.output, lost: result.lost, planId: plan.id, fromFingerprint: a.fingerprint, toFingerprint: b.fingerprint };
  }

  // Every layout that could have written the blob converts it; one is chosen (convertAuto says
  // which), and strict refuses its losses as a named conversion would.
  private async convertAuto({ to, blob, strict, nestedState }: ConvertRequest): Promise<Conversion> {
    const target = await this.layouts.one(to);
    const cache = this.registry.layouts;
    const started = process.hrtime.bigint();
    const id = this.identifier.identify(blob, { nestedState });
    const run = (from: string): { output: Uint8Array; lost: BlobLoss[] } => {
      const { converter } = cache.plan(from, to);
      return nestedState ? convertNestedState(converter, blob) : convertBlob(converter, blob);
    };
    const chosen = convertAuto(id, run, target.layout, nestedState ? NESTED_STATE.vmcs12Offset : 0);
    const { lost, output } = chosen.conversion;
    if (strict && lost.length > 0) {
      throw lossy(lost, { from: chosen.from, ...(nestedState ? { container: 'nested-state' } : {}) });
    }
    this.metrics.record(chosen.from, to, blob.length, lost.length, Number(process.hrtime.bigint() - started) / 1e9);
    const { plan } = cache.plan(chosen.from, to);
    return {
      output,
      lost,
      planId: plan.id,
      fromFingerprint: cache.require(chosen.from).fingerprint,
      toFingerprint: target.fingerprint,
      auto: { from: chosen.from, sourceCandidates: chosen.considered },
    };
  }
}
