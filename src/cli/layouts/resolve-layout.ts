import type { LayoutFormat } from '../../core/formats/layout-format';
import { LAYOUT_FORMATS } from '../../core/formats/layout-formats';
import { LAYOUT_NAME_PATTERN as NAME_PATTERN } from '../../core/names';
import { CliError } from '../cli-error';
import type { ServerClient } from '../http/server-client';
import { CatalogSource } from './catalog-source';
import type { LayoutSource } from './layout-source';
import type { NamedLayout } from './named-layout';
import { isFile, readLayoutFile, type FileLayoutOptions } from './read-layout-file';
import { ServerSource } from './server-source';

const FILE_EXTENSIONS = (Object.values(LAYOUT_FORMATS) as LayoutFormat[]).flatMap((f) => f.extensions);

export function layoutSource(client: ServerClient | undefined): LayoutSource {
  return client ? new ServerSource(client) : new CatalogSource();
}

// A layout argument: `latest`, an existing file (header, .c, .json, .ko, raw BTF), or a layout name in
// the catalog or on the server. A file wins over a name, so `./linux-v4.14` reads a file.
export async function resolveLayout(spec: string, source: LayoutSource, fileOpts: FileLayoutOptions = {}): Promise<NamedLayout> {
  if (spec === 'latest') {
    return source.latest();
  }
  if (isFile(spec)) {
    return readLayoutFile(spec, fileOpts);
  }
  if (NAME_PATTERN.test(spec) && !FILE_EXTENSIONS.some((ext) => spec.endsWith(ext))) {
    return source.byName(spec);
  }
  throw new CliError(`cannot read ${spec}: no such file`, 'file', { location: { file: spec } });
}
