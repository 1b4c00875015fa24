import DataLoader from 'dataloader';
import type { LayoutView, ReportView } from '../../../../contract/views';
import type { CompatibilityService } from '../../../compat/compatibility.service';
import type { LayoutQueries } from '../../../registry/layout-queries.service';

export interface RequestLoaders {
  readonly layout: DataLoader<string, LayoutView>;
  readonly report: DataLoader<string, ReportView>;
}

export const pairKey = (from: string, to: string): string => `${from}\u0000${to}`;

// One set per GraphQL request, so a query touching many layouts reads the database a bounded
// number of times: every layout (or `fields` of every listed layout) asked for in one tick is
// one batch, answered by one read of all layouts with their fields (a single name: one read
// of that layout). Names the read does not hold fall back to the single read, which answers
// NOT_FOUND exactly as REST does. Each loader is made when a resolver first asks for it: most
// queries use one of them or none, and every request gets a set.
export function createRequestLoaders(queries: LayoutQueries, compat: CompatibilityService): RequestLoaders {
  return new LazyLoaders(queries, compat);
}

class LazyLoaders implements RequestLoaders {
  private layoutLoader: DataLoader<string, LayoutView> | undefined;
  private reportLoader: DataLoader<string, ReportView> | undefined;

  constructor(
    private readonly queries: LayoutQueries,
    private readonly compat: CompatibilityService,
  ) {}

  get layout(): DataLoader<string, LayoutView> {
    return (this.layoutLoader ??= layoutLoader(this.queries));
  }

  get report(): DataLoader<string, ReportView> {
    return (this.reportLoader ??= reportLoader(this.compat));
  }
}

function layoutLoader(queries: LayoutQueries): DataLoader<string, LayoutView> {
  return new DataLoader<string, LayoutView>(async (names) => {
    const one = (name: string): Promise<LayoutView | Error> => queries.get(name).catch(asError);
    if (names.length === 1) {
      return [await one(names[0] as string)];
    }
    const all = new Map((await queries.listWithFields()).map((l) => [l.name, l]));
    return Promise.all(names.map((n) => all.get(n) ?? one(n)));
  });
}

// Reports are computed in memory; the batch only makes every pair of one query share the one
// catch-up read that an unknown name triggers (RegisteredLayouts.require), and repeats free.
function reportLoader(compat: CompatibilityService): DataLoader<string, ReportView> {
  return new DataLoader<string, ReportView>((keys) =>
    Promise.all(
      keys.map((key) => {
        const [from = '', to = ''] = key.split('\u0000');
        return compat.report(from, to).catch(asError);
      }),
    ),
  );
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
