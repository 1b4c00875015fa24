import { Injectable } from '@nestjs/common';
import type { CompatReport } from '../../core/compat/compat-report';
import { CoreError } from '../../core/errors';
import type { MatrixView, PlanView, ReportView } from '../../contract/views';
import { RegisteredLayouts } from '../registry/registered-layouts.service';
import { RegistryService } from '../registry/registry.service';

// Names in one restricted matrix request (GET /compat?layouts=, GraphQL matrix(names)).
export const MATRIX_MAX_NAMES = 256;

// Compatibility matrix, reports and conversion plans over the in-memory layouts.
@Injectable()
export class CompatibilityService {
  private conflictMemo: { key: string; conflicts: boolean[][] } | undefined;
  // The view of each report the matrix holds, made once: a copy per request was measurable on
  // the GraphQL compatibility query (issue 18). Keyed by the matrix's own report object, so a
  // report it evicts or recomputes (aliases changed) takes its view with it. Views are shared,
  // and nothing writes to them.
  private readonly reportViews = new WeakMap<CompatReport, ReportView>();

  constructor(
    private readonly registry: RegistryService,
    private readonly layouts: RegisteredLayouts,
  ) {}

  // `only` restricts rows and columns; names repeat in it at most once (the first stays), so a
  // request's work is bounded by the registry, not by the length of its list.
  async matrix(requested?: string[]): Promise<MatrixView> {
    if (requested && requested.length > MATRIX_MAX_NAMES) {
      throw new CoreError('INVALID_INPUT', `a matrix takes at most ${MATRIX_MAX_NAMES} names; this request lists ${requested.length}`, { field: 'names', limit: MATRIX_MAX_NAMES });
    }
    const only = requested ? [...new Set(requested)] : undefined;
    if (only && only.length > 0) {
      await this.layouts.require(...only);
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
    await this.layouts.require(from, to);
    return this.viewOf(from, to);
  }

  // The report when this instance holds both layouts, without a promise: GraphQL's compiled
  // query takes a plain value without the promise handling a resolver's promise costs it (the
  // compatibility query's resolver, issue 18). Else undefined, and report() reads the log.
  cachedReport(from: string, to: string): ReportView | undefined {
    return this.layouts.cachedPair(from, to) ? this.viewOf(from, to) : undefined;
  }

  private viewOf(from: string, to: string): ReportView {
    const report = this.registry.layouts.compat().report(from, to);
    let view = this.reportViews.get(report);
    if (view === undefined) {
      view = { from, to, ...report };
      this.reportViews.set(report, view);
    }
    return view;
  }

  async plan(from: string, to: string): Promise<PlanView> {
    await this.layouts.require(from, to);
    return { from, to, ...this.registry.layouts.plan(from, to).plan };
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
