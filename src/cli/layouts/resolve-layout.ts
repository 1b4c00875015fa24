import { LAYOUT_NAME_PATTERN as NAME_PATTERN } from '../../core/events/registry-state';
import { CliError } from '../cli-error';
import type { ServerClient } from '../http/server-client';
import { CatalogSource } from './catalog-source';
import type { LayoutSource } from './layout-source';
import type { NamedLayout } from './named-layout';
import { isFile, readLayoutFile, type FileLayoutOptions } from './read-layout-file';
import { ServerSource } from './server-source';

export function layoutSource(client: ServerClient | undefined): LayoutSource {
  return client ? new ServerSource(client) : new CatalogSource();
}

// A layout argument: `latest`, an existing file (header, .c or .json), or a layout name in
// the catalog or on the server. A file wins over a name, so `./linux-v4.14` reads a file.
export async function resolveLayout(spec: string, source: LayoutSource, fileOpts: FileLayoutOptions = {}): Promise<NamedLayout> {
  if (spec === 'latest') {
    return source.latest();
  }
  if (isFile(spec)) {
    return readLayoutFile(spec, fileOpts);
  }
  if (NAME_PATTERN.test(spec) && !/\.(h|c|json)$/.test(spec)) {
    return source.byName(spec);
  }
  throw new CliError(`cannot read ${spec}: no such file`, 'file', { location: { file: spec } });
}
