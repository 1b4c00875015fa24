import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ReservedNameDeclaredData } from '../events/events';
import { isCIdentifier } from '../names';
import { defaultCatalogDir } from './catalog';

// The catalog's declared reserved names (index.json's top-level `reserved`), history like its
// layouts: the kernel renamed cr3_target_value0..3 to dead_space[4] when it stopped using them.
export function loadCatalogReserved(dir: string = defaultCatalogDir()): ReservedNameDeclaredData[] {
  const where = join(dir, 'index.json');
  const doc = JSON.parse(readFileSync(where, 'utf8')) as { reserved?: unknown };
  if (doc.reserved === undefined) {
    return [];
  }
  if (!Array.isArray(doc.reserved)) {
    throw new Error(`${where}: "reserved" must be an array of {name, reason}`);
  }
  return doc.reserved.map((raw: unknown, i: number) => {
    const r = raw as Partial<ReservedNameDeclaredData>;
    if (!isCIdentifier(r.name) || typeof r.reason !== 'string' || r.reason === '') {
      throw new Error(`${where}: reserved[${i}] needs a C identifier name and a reason`);
    }
    return { name: r.name, reason: r.reason };
  });
}
