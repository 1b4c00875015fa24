import type { AliasView, FieldView, LayoutSummaryView, LayoutView } from '../../contract/views';
import type { Aliases } from '../../core/compat/field-index';
import { MAINLINE, type StoredEvent } from '../../core/events/events';
import { foldRegistryState } from '../../core/projections/evolve';
import type { RegistryState } from '../../core/projections/registry-state';
import { fingerprint } from '../../core/layouts/fingerprint';
import { layoutFromJson } from '../../core/layouts/from-json';
import type { Layout } from '../../core/layouts/layout';
import { CliError } from '../cli-error';
import type { ServerClient } from '../http/server-client';
import type { LayoutListing, LayoutSource } from './layout-source';
import type { NamedLayout } from './named-layout';

// What `latest` names on a service, as offline: the newest layout of the mainline lineage.
// The last one registered is usually another tree's (a fresh registry ends its catalog with the
// Hyper-V eVMCS), which no kernel header should be compared with by default.
export function latestOf(layouts: readonly LayoutSummaryView[]): LayoutSummaryView | undefined {
  return layouts.filter((l) => (l.lineage ?? MAINLINE) === MAINLINE).at(-1);
}

// --server: layouts as a running service holds them (GET /layouts/:name carries every field
// with its offset), rebuilt with the same core function that reads JSON registrations.
export class ServerSource implements LayoutSource {
  constructor(private readonly client: ServerClient) {}

  get label(): string {
    return this.client.url;
  }

  async byName(name: string): Promise<NamedLayout> {
    const path = `/layouts/${encodeURIComponent(name)}`;
    const res = await this.client.request('GET', path);
    if (res.status === 404) {
      throw new CliError(`no layout "${name}" on ${this.client.url}, and no file by that name`, 'not_found');
    }
    if (res.status >= 300) {
      throw this.client.failure('GET', path, res, false);
    }
    return this.toNamed(res.body as LayoutView);
  }

  async latest(): Promise<NamedLayout> {
    const latest = latestOf(await this.summaries());
    if (!latest) {
      throw new CliError(`${this.client.url} has no mainline layout to call "latest"`, 'not_found');
    }
    return this.byName(latest.name);
  }

  async list(): Promise<LayoutListing[]> {
    const all = await this.summaries();
    const latest = latestOf(all);
    return all.map((l) => ({
      name: l.name,
      revision: l.revision,
      size: l.size,
      fingerprint: l.fingerprint,
      note: `${l.deprecated ? 'deprecated; ' : ''}${l.kernel ?? 'kernel unknown'}`,
      latest: l === latest,
    }));
  }

  async aliases(): Promise<Aliases | undefined> {
    const rows = (await this.client.get('/aliases')) as AliasView[];
    return Array.isArray(rows) && rows.length > 0 ? new Map(rows.map((r) => [r.from, r.to])) : undefined;
  }

  // GET /events, every page: the log is the registry's truth, and folding it here gives the
  // gate the very state the service's own gate decides on.
  async registryState(): Promise<RegistryState> {
    const events: StoredEvent[] = [];
    for (;;) {
      const page = await this.client.get(`/events?after=${events.at(-1)?.position ?? 0}&limit=1000`);
      if (!Array.isArray(page)) {
        throw new CliError(`GET /events on ${this.client.url} did not answer a list`, 'server_error');
      }
      // A page also ends at 1 MiB of JSON (catalog events carry whole headers), so a short page
      // is no end of the log: only an empty one is.
      if (page.length === 0) {
        return foldRegistryState(events);
      }
      events.push(...(page as StoredEvent[]));
    }
  }

  private async summaries(): Promise<LayoutSummaryView[]> {
    const body = await this.client.get('/layouts');
    if (!Array.isArray(body)) {
      throw new CliError(`GET /layouts on ${this.client.url} did not answer a list`, 'server_error');
    }
    return body as LayoutSummaryView[];
  }

  private toNamed(doc: LayoutView): NamedLayout {
    const layout = withSourceLines(layoutFromJson(doc), doc.fields);
    const print = fingerprint(layout);
    // The service fingerprints the same canonical content; a difference means this CLI and
    // the service disagree on the layout, and nothing computed from it could be trusted.
    if (print !== doc.fingerprint) {
      throw new CliError(`layout ${doc.name} from ${this.client.url} has fingerprint ${doc.fingerprint}, but its fields give ${print}`, 'server_error');
    }
    return { name: doc.name, layout, fingerprint: print, origin: { kind: 'server', url: this.client.url } };
  }
}

// Lines and columns in the registered source, kept so findings can name them.
function withSourceLines(layout: Layout, fields: readonly FieldView[]): Layout {
  return {
    ...layout,
    fields: layout.fields.map((f, i) => {
      const s = fields[i];
      return s?.line !== undefined && s.column !== undefined ? { ...f, source: { line: s.line, column: s.column } } : f;
    }),
  };
}
