import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CoreError } from '../errors';
import type { Provenance } from '../events/events';
import { fingerprint } from '../layouts/fingerprint';
import { LAYOUT_FORMATS } from '../formats/layout-formats';
import type { ParsedInput } from '../formats/layout-format';
import type { Layout } from '../layouts/layout';
import { parseIndex, type CatalogFormat, type IndexEntry, type KernelEvidence } from './catalog-index';

// The built-in catalog: historical vmcs12 layouts in history order, imported at start-up by the
// service and the CLI without the registration gate (their conflicts are facts to show).
// The one core module that reads files; everything it returns is plain data.

export type { CatalogFormat, KernelEvidence } from './catalog-index';
export { MAINLINE } from './catalog-index';

export interface CatalogEntry {
  name: string;
  format: CatalogFormat;
  source: string; // the file's text, as registered
  layout: Layout;
  fingerprint: string;
  lineage: string;
  branchesFrom?: string | null; // only on the first entry of a lineage
  kernels: KernelEvidence[];
  provenance: Provenance;
}

// catalog/ at the package root, found from this file whether it runs from src/ (jest) or
// from dist/src/ (compiled): the first ancestor holding package.json and catalog/index.json.
export function defaultCatalogDir(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'catalog', 'index.json'))) {
      return join(dir, 'catalog');
    }
    if (dirname(dir) === dir) {
      throw new Error(`no catalog/index.json above ${__dirname}`);
    }
  }
}

export function loadCatalog(dir: string = defaultCatalogDir()): CatalogEntry[] {
  const entries = readIndex(dir);
  return entries.map((entry) => {
    const path = join(dir, entry.file);
    let parsed: ParsedInput;
    try {
      parsed = LAYOUT_FORMATS[entry.format].fromFile({ path, bytes: readFileSync(path) }, {});
    } catch (e) {
      if (e instanceof CoreError) {
        throw new CoreError(e.code, `catalog ${entry.file}: ${e.message}`, { ...e.details, file: entry.file });
      }
      throw e;
    }
    const { layout, source } = parsed;
    const { file: _file, ...described } = entry;
    return { ...described, source, layout, fingerprint: fingerprint(layout) };
  });
}

function readIndex(dir: string): IndexEntry[] {
  const where = join(dir, 'index.json');
  return parseIndex(JSON.parse(readFileSync(where, 'utf8')) as unknown, where);
}
