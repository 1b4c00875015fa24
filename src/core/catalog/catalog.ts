import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CoreError } from '../errors';
import type { Provenance } from '../events/events';
import { parseLayoutC } from '../layouts/c-parser';
import { fingerprint } from '../layouts/fingerprint';
import { layoutFromJson } from '../layouts/from-json';
import type { Layout } from '../layouts/layout';

// The built-in catalog: historical vmcs12 layouts in history order, imported at start-up by the
// service and the CLI without the registration gate (their conflicts are facts to show).
// The one core module that reads files; everything it returns is plain data.

export type CatalogFormat = 'c' | 'json';

export interface CatalogEntry {
  name: string;
  format: CatalogFormat;
  source: string; // the file's text, as registered
  layout: Layout;
  fingerprint: string;
  provenance: Provenance;
}

interface IndexEntry {
  name: string;
  file: string;
  format: CatalogFormat;
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
    const source = readFileSync(join(dir, entry.file), 'utf8');
    let layout: Layout;
    try {
      layout = entry.format === 'c' ? parseLayoutC(source).layout : layoutFromJson(JSON.parse(source) as unknown);
    } catch (e) {
      if (e instanceof CoreError) {
        throw new CoreError(e.code, `catalog ${entry.file}: ${e.message}`, { ...e.details, file: entry.file });
      }
      throw e;
    }
    return { name: entry.name, format: entry.format, source, layout, fingerprint: fingerprint(layout), provenance: entry.provenance };
  });
}

function readIndex(dir: string): IndexEntry[] {
  const doc = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { layouts?: unknown };
  if (!Array.isArray(doc.layouts)) {
    throw new Error(`${dir}/index.json: "layouts" must be an array`);
  }
  const names = new Set<string>();
  return doc.layouts.map((raw: unknown, i: number) => {
    const e = raw as Partial<IndexEntry>;
    const ok =
      typeof e.name === 'string' &&
      /^[a-z0-9][a-z0-9._-]{0,63}$/.test(e.name) &&
      typeof e.file === 'string' &&
      (e.format === 'c' || e.format === 'json') &&
      typeof e.provenance === 'object' &&
      e.provenance !== null;
    if (!ok || names.has(e.name as string)) {
      throw new Error(`${dir}/index.json: layouts[${i}] needs a unique slug name, a file, format "c" or "json" and provenance`);
    }
    names.add(e.name as string);
    return e as IndexEntry;
  });
}
