import { CoreError } from '../../core/errors';
import { Injectable } from '@nestjs/common';
import type { MatrixView, PlanView, ReportView } from '../../contract/views';
import { convertBlob } from '../../core/conversion/convert-blob';
import type { BlobLoss } from '../../core/conversion/blob-loss';
import { emitConverterC } from '../../core/conversion/emit-c';
import { emitLayoutHeader } from '../../core/conversion/emit-layout-header';
import { convertNestedState } from '../../core/nested-state/convert-nested-state';
import type { CachedLayout } from '../registry/layout-cache';
import { RegistryService } from '../registry/registry.service';
import { ConversionMetrics } from './conversion-metrics';

export interface ConversionResult {
  output: Uint8Array;
  lost: BlobLoss[];
  planId: string;
  fromFingerprint: string;
  toFingerprint: string;
}

// Compatibility, plans and conversion over the in-memory layouts. A name this instance has not
// seen yet (registered a moment ago through another instance) triggers one catch-up read
// before it is a 404.
// Names in one restricted matrix request (GET /compat?layouts=, GraphQL matrix(names)).
export const MATRIX_MAX_NAMES = 256;

@Injectable()
export class CompatService {
  private conflictMemo: { key: string; conflicts: boolean[][] } | undefined;

  constructor(
    private readonly registry: RegistryService,
    private readonly metrics: ConversionMetrics,
  ) {}

  // `only` restricts rows and columns; names repeat in it at most once (the first stays), so a
  // request's work is bounded by the registry, not by the length of its list.
  async matrix(requested?: string[]): Promise<MatrixView> {
    if (requested && requested.length > MATRIX_MAX_NAMES) {
      throw new CoreError('INVALID_INPUT', `a matrix takes at most ${MATRIX_MAX_NAMES} names; this request lists ${requested.length}`, { field: 'names', limit: MATRIX_MAX_NAMES });
    }
    const only = requested ? [...new Set(requested)] : undefined;
    if (only && only.length > 0) {
      await this.resolve(...only);
    }
    const view = this.registry.layouts.compat().verdicts();
    const conflicts = this.conflicts(view.layouts);
    if (!only || only.length === 0) {
      return { ...view, conflicts };
    }
    const idx = only.map((n) => view.layouts.indexOf(n));
    const pick = <T>(rows: T[][]): T[][] => idx.map((i) => idx.map((j) => (rows[i] as T[])[j] as T));
    return { layouts: only, verdicts: pick(view.verdicts), conflicts: pick(conflicts) };
  }

  async report(from: string, to: string): Promise<ReportView> {
    await this.resolve(from, to);
    return { from, to, ...this.registry.layouts.compat().report(from, to) };
  }

  async plan(from: string, to: string): Promise<PlanView> {
    await this.resolve(from, to);
    return { from, to, ...this.registry.layouts.plan(from, to).plan };
  }

  async converterC(from: string, to: string): Promise<string> {
    const { a, b } = await this.pair(from, to);
    const { plan } = this.registry.layouts.plan(from, to);
    const banner = `/* vmcs12 converter ${from} (${a.fingerprint}) -> ${to} (${b.fingerprint}), plan ${plan.id} */\n`;
    return banner + emitConverterC(plan, a.layout, b.layout);
  }

  async header(name: string): Promise<string> {
    const { a } = await this.pair(name, name);
    return emitLayoutHeader(name, a.layout);
  }

  async convert(from: string, to: string, blob: Uint8Array, opts: { strict: boolean; nestedState: boolean }): Promise<ConversionResult> {
    const { a, b } = await this.pair(from, to);
    const { plan, converter } = this.registry.layouts.plan(from, to);
    const started = performance.now();
    const result = opts.nestedState ? convertNestedState(converter, blob, opts) : convertBlob(converter, blob, opts);
    this.metrics.record(from, to, blob.length, result.lost.length, (performance.now() - started) / 1000);
    return { output: result.output, lost: result.lost, planId: plan.id, fromFingerprint: a.fingerprint, toFingerprint: b.fingerprint };
  }

  // Layouts by name, catching up with the log once if one is unknown here.
  async resolve(...names: string[]): Promise<void> {
    const cache = this.registry.layouts;
    if (names.some((n) => !cache.find(n))) {
      await this.registry.sync();
    }
    names.forEach((n) => cache.require(n));
  }

  private async pair(from: string, to: string): Promise<{ a: CachedLayout; b: CachedLayout }> {
    await this.resolve(from, to);
    const cache = this.registry.layouts;
    return { a: cache.require(from), b: cache.require(to) };
  }

  private conflicts(names: string[]): boolean[][] {
    const cache = this.registry.layouts;
    const key = `${names.join(',')}|${cache.namesKey}`;
    if (this.conflictMemo?.key === key) {
      return this.conflictMemo.conflicts;
    }
    const matrix = cache.compat();
    const layouts = names.map((n) => cache.require(n).layout);
    // Only layouts sharing a revision id can conflict; everything else is false without a report.
    const conflicts = names.map((from, i) =>
      names.map((to, j) => i !== j && layouts[i]?.revision === layouts[j]?.revision && matrix.report(from, to).revisionConflict),
    );
    this.conflictMemo = { key, conflicts };
    return conflicts;
  }
}
