import { CoreError } from '../errors';
import type { Layout } from '../layouts/layout';
import { compareIndexed } from './compare-layouts';
import type { CompatReport, EncodingLookup, Verdict } from './compat-report';
import { indexLayout, type Aliases, type IndexedLayout } from './field-index';

export interface MatrixView {
  layouts: string[]; // registration order
  verdicts: Verdict[][]; // verdicts[from][to]
}

export interface MatrixOptions {
  aliases?: Aliases;
  encodingOf?: EncodingLookup;
  reportCacheSize?: number;
}

// A layout's data fields by interned name id, for the verdict alone: array lookups instead of
// a Map per field keep 200 layouts (40,000 verdicts of ~150 fields) well under a second.
interface Shape {
  index: IndexedLayout;
  ids: Int32Array; // interned key of each data field
  widths: Int32Array; // bytes per element, per data field
  counts: Int32Array;
  widthOf: number[]; // by key id; a hole where the layout has no such field
  countOf: number[];
}

// GET /compat: every pair's verdict, kept up to date one layout at a time. Adding the N-th
// layout computes its row and column (2N - 1 verdicts), not the whole N² again; full reports are
// built on demand and a few are kept. Aliases rename fields in every layout at once, so a new
// alias set re-indexes every layout and recomputes the whole matrix.
// More positions than a registry will hold (2^26), and the key stays an exact integer.
const REPORT_KEY_STRIDE = 2 ** 26;

export class CompatMatrix {
  private readonly names: string[] = [];
  private readonly indexed = new Map<string, Shape>();
  private readonly ids = new Map<string, number>();
  private rows: Verdict[][] = [];
  private aliases: Aliases | undefined;
  private readonly encodingOf: EncodingLookup | undefined;
  // Keyed by the pair's positions (reportKey): a report asked for on every compatibility request
  // builds no string key.
  private readonly reports = new Map<number, CompatReport>();
  private readonly positions = new Map<string, number>();
  private readonly reportCacheSize: number;

  constructor(opts: MatrixOptions = {}) {
    this.aliases = opts.aliases;
    this.encodingOf = opts.encodingOf;
    this.reportCacheSize = opts.reportCacheSize ?? 64;
  }

  get size(): number {
    return this.names.length;
  }

  has(name: string): boolean {
    return this.indexed.has(name);
  }

  add(name: string, layout: Layout): void {
    if (this.indexed.has(name)) {
      throw new CoreError('CONFLICT', `layout ${name} is already in the matrix`, { name });
    }
    const fresh = this.shape(indexLayout(layout, this.aliases));
    const row: Verdict[] = [];
    this.names.forEach((other, j) => {
      const old = this.indexed.get(other) as Shape;
      row.push(verdictOf(fresh, old));
      (this.rows[j] as Verdict[]).push(verdictOf(old, fresh));
    });
    row.push('identical');
    this.positions.set(name, this.names.length);
    this.names.push(name);
    this.indexed.set(name, fresh);
    this.rows.push(row);
  }

  setAliases(aliases: Aliases | undefined): void {
    this.aliases = aliases;
    this.reports.clear();
    const layouts = this.names.map((n) => [n, (this.indexed.get(n) as Shape).index.layout] as const);
    this.names.length = 0;
    this.positions.clear();
    this.indexed.clear();
    this.ids.clear();
    this.rows = [];
    for (const [name, layout] of layouts) {
      this.add(name, layout);
    }
  }

  verdicts(): MatrixView {
    return { layouts: [...this.names], verdicts: this.rows.map((r) => [...r]) };
  }

  verdict(from: string, to: string): Verdict {
    const i = this.position(from);
    return this.rows[i]?.[this.position(to)] as Verdict;
  }

  report(from: string, to: string): CompatReport {
    // Positions only grow (setAliases re-adds every layout in its order and drops the reports).
    const key = this.position(from) * REPORT_KEY_STRIDE + this.position(to);
    const cached = this.reports.get(key);
    if (cached) {
      this.reports.delete(key);
      this.reports.set(key, cached);
      return cached;
    }
    const report = compareIndexed((this.indexed.get(from) as Shape).index, (this.indexed.get(to) as Shape).index, this.encodingOf);
    this.reports.set(key, report);
    if (this.reports.size > this.reportCacheSize) {
      const oldest = this.reports.keys().next();
      if (!oldest.done) {
        this.reports.delete(oldest.value);
      }
    }
    return report;
  }

  private shape(index: IndexedLayout): Shape {
    const n = index.data.length;
    const shape: Shape = { index, ids: new Int32Array(n), widths: new Int32Array(n), counts: new Int32Array(n), widthOf: [], countOf: [] };
    index.data.forEach((f, k) => {
      let id = this.ids.get(f.key);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(f.key, id);
      }
      shape.ids[k] = id;
      shape.widths[k] = f.width;
      shape.counts[k] = f.field.count;
      shape.widthOf[id] = f.width;
      shape.countOf[id] = f.field.count;
    });
    return shape;
  }

  private position(name: string): number {
    const i = this.positions.get(name);
    if (i === undefined) {
      throw new CoreError('NOT_FOUND', `no layout named ${name}`, { name });
    }
    return i;
  }
}

// The same verdict as compareLayouts, without building the report: identical by signature,
// else lossy at the first field of A that B lacks or holds smaller.
function verdictOf(a: Shape, b: Shape): Verdict {
  if (a.index.signature === b.index.signature) {
    return 'identical';
  }
  const { ids, widths, counts } = a;
  for (let k = 0; k < ids.length; k++) {
    const id = ids[k] as number;
    const width = b.widthOf[id];
    if (width === undefined || width < (widths[k] as number) || (b.countOf[id] as number) < (counts[k] as number)) {
      return 'lossy';
    }
  }
  return 'compatible';
}
