import { fetchLayout, fetchPlan, fetchReport } from '../api/registry-api.js';
import type { CompatReport, ConversionPlan, LayoutDetail } from '../api/types.js';

export interface PairData {
  from: LayoutDetail;
  to: LayoutDetail;
  report: CompatReport;
  plan: ConversionPlan;
}

export async function loadPair(from: string, to: string): Promise<PairData> {
  const [fromLayout, toLayout, report, plan] = await Promise.all([fetchLayout(from), fetchLayout(to), fetchReport(from, to), fetchPlan(from, to)]);
  return {
    from: fromLayout,
    to: toLayout,
    report: { ...report, lost: report.lost ?? [], added: report.added ?? [], moved: report.moved ?? [], resized: report.resized ?? [], findings: report.findings ?? [] },
    plan: { ...plan, ops: plan.ops ?? [] },
  };
}

export function usedBytes(layout: LayoutDetail): number {
  return layout.fields.reduce((end, f) => Math.max(end, f.offset + f.size), 0);
}
