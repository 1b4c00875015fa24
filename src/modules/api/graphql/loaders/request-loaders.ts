import DataLoader from 'dataloader';
import type { LayoutView } from '../../../../contract/views';
import type { LayoutQueries } from '../../../registry/layout-queries.service';

export interface RequestLoaders {
  readonly layout: DataLoader<string, LayoutView>;
}

// One set per GraphQL request, so a query touching many layouts reads the database a bounded
// number of times: every layout (or `fields` of every listed layout) asked for in one tick is
// one batch, answered by one read of all layouts with their fields (a single name: one read
// of that layout). Names the read does not hold fall back to the single read, which answers
// NOT_FOUND exactly as REST does. The loader is made when a resolver first asks for it: most
// queries never do, and every request gets a set. Reports need no loader: they are computed in
// memory, and the one catch-up read an unknown name triggers (RegisteredLayouts.require) is
// already shared by every caller waiting on it (RegistryService.sync is single-flight). A
// loader there cost the hot compatibility query several microtask turns per request.
export function createRequestLoaders(queries: LayoutQueries): RequestLoaders {
  return new LazyLoaders(queries);
}

class LazyLoaders implements RequestLoaders {
  private layoutLoader: DataLoader<string, LayoutView> | undefined;

  constructor(private readonly queries: LayoutQueries) {}

  get layout(): DataLoader<string, LayoutView> {
    return (this.layoutLoader ??= layoutLoader(this.queries));
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

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
