import { createHash } from 'node:crypto';
import { indexLayout, matchFields, type Aliases, type IndexedField } from '../compat/field-index';
import type { Layout } from '../layouts/layout';
import type { AbsentRange, Plan, PlanOp } from './plan-types';

// A layout with the fingerprint it is registered under; catalog entries fit as they are.
export interface PlanSide {
  layout: Layout;
  fingerprint: string;
}

type CopyOp = Extract<PlanOp, { op: 'copy' }>;
type ResizeOp = Extract<PlanOp, { op: 'resize' }>;

// The plan to convert a blob of A into one of B (API.md "Conversion of a blob"): deterministic
// for a given pair and alias set, so its id can name it in X-Plan-Id.
export function buildPlan(a: PlanSide, b: PlanSide, aliases?: Aliases): Plan {
  const { shared, onlyA } = matchFields(indexLayout(a.layout, aliases), indexLayout(b.layout, aliases));
  const copies: CopyOp[] = [];
  const resizes: ResizeOp[] = [];
  const absent: AbsentRange[] = onlyA.map((fa) => absentFrom(fa, 0));
  for (const { a: fa, b: fb } of shared) {
    const count = Math.min(fa.field.count, fb.field.count);
    if (fa.width === fb.width) {
      copies.push({ op: 'copy', from: fa.field.offset, to: fb.field.offset, length: fa.width * count });
    } else {
      resizes.push({
        op: 'resize',
        field: fa.field.name,
        from: fa.field.offset,
        to: fb.field.offset,
        fromWidth: fa.width,
        toWidth: fb.width,
        count,
      });
    }
    if (count < fa.field.count) {
      absent.push(absentFrom(fa, count));
    }
  }
  const runs = mergeRuns(copies);
  const dataOps: PlanOp[] = [...runs, ...resizes].sort((x, y) => x.from - y.from);
  const ops: PlanOp[] = [{ op: 'revision', to: 0, value: b.layout.revision }, ...dataOps];
  absent.sort((x, y) => x.from - y.from);
  const body = {
    fromFingerprint: a.fingerprint,
    toFingerprint: b.fingerprint,
    fromRevision: a.layout.revision,
    fromSize: a.layout.size,
    toSize: b.layout.size,
    ops,
    absent,
  };
  return {
    id: 'sha256:' + createHash('sha256').update(JSON.stringify(body)).digest('hex'),
    ...body,
    copyRuns: runs.length,
    bytesCopied: runs.reduce((sum, op) => sum + op.length, 0),
  };
}

function absentFrom(fa: IndexedField, firstIndex: number): AbsentRange {
  return {
    field: fa.field.name,
    from: fa.field.offset + firstIndex * fa.width,
    width: fa.width,
    count: fa.field.count - firstIndex,
    firstIndex,
    array: fa.field.count > 1,
  };
}

// Copies arrive in A's offset order; one that starts where the previous ended in both A and B
// extends it, so fields contiguous in both layouts become one memcpy.
function mergeRuns(copies: CopyOp[]): CopyOp[] {
  const runs: CopyOp[] = [];
  for (const c of copies) {
    if (c.length === 0) {
      continue;
    }
    const last = runs[runs.length - 1];
    if (last && last.from + last.length === c.from && last.to + last.length === c.to) {
      last.length += c.length;
    } else {
      runs.push({ ...c });
    }
  }
  return runs;
}
