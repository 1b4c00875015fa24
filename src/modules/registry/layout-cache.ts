import { Injectable } from '@nestjs/common';
import { encodingOf } from '../../core/catalog/encodings';
import type { Aliases } from '../../core/compat/field-index';
import { CompatMatrix } from '../../core/compat/matrix';
import { PlanCache } from '../../core/conversion/plan-cache';
import type { CachedPlan } from '../../core/conversion/plan-cache';
import { CoreError } from '../../core/errors';
import type { LayoutRegisteredData } from '../../core/events/events';
import type { RegistryState } from '../../core/projections/registry-state';
import { aliasMap, reservedNames } from '../../core/projections/registry-state';
import type { Layout } from '../../core/layouts/layout';
import { withReserved } from '../../core/layouts/reserved';
import { layoutFromRegistration } from '../../core/registry/registration-data';

export interface CachedLayout {
  name: string;
  layout: Layout; // as reports and plans see it: declared reserved names are padding
  fingerprint: string;
  data: LayoutRegisteredData;
}

// Layout content in memory for compatibility and conversion, kept in step with the write-side
// state: a registration adds one row and column to the matrix; a new rename re-indexes all; a
// newly reserved name changes what every layout's data fields are, so everything is rebuilt.
@Injectable()
export class LayoutCache {
  private readonly byName = new Map<string, CachedLayout>();
  private matrix = new CompatMatrix({ encodingOf });
  private aliasKey = '';
  private aliasMap: Map<string, string> = new Map();
  private reservedKey = '';
  private reserved: ReadonlySet<string> = new Set();
  private planCache = new PlanCache(512);
  private seen: RegistryState | undefined;

  get plans(): PlanCache {
    return this.planCache;
  }

  update(state: RegistryState): void {
    // The fold copies a map only when an event changes it, so an unchanged map is the same
    // object as last time: what the fold did not touch is not derived again.
    const seen = this.seen;
    this.seen = state;
    let reindex = false;
    if (state.reserved !== seen?.reserved) {
      const reserved = reservedNames(state);
      const reservedKey = JSON.stringify([...reserved].sort());
      if (reservedKey !== this.reservedKey) {
        this.reservedKey = reservedKey;
        this.reserved = reserved;
        this.byName.clear();
        this.matrix = new CompatMatrix({ encodingOf, aliases: this.aliasMap });
        this.planCache = new PlanCache(512);
        reindex = true;
      }
    }
    if (state.aliases !== seen?.aliases) {
      const aliases = aliasMap(state);
      const key = JSON.stringify([...aliases]);
      if (key !== this.aliasKey) {
        this.aliasKey = key;
        this.aliasMap = aliases;
        this.matrix.setAliases(aliases);
      }
    }
    if (!reindex && state.layouts === seen?.layouts) {
      return;
    }
    for (const [name, ls] of state.layouts) {
      if (!this.byName.has(name)) {
        const layout = withReserved(layoutFromRegistration(ls.registered), this.reserved);
        this.byName.set(name, { name, layout, fingerprint: ls.registered.fingerprint, data: ls.registered });
        this.matrix.add(name, layout);
      }
    }
  }

  get aliases(): Aliases {
    return this.aliasMap;
  }

  // Changes whenever reports may change: renames or reserved names.
  get namesKey(): string {
    return `${this.aliasKey}|${this.reservedKey}`;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  find(name: string): CachedLayout | undefined {
    return this.byName.get(name);
  }

  require(name: string): CachedLayout {
    const found = this.byName.get(name);
    if (!found) {
      throw new CoreError('NOT_FOUND', `no layout named ${name}`, { name });
    }
    return found;
  }

  compat(): CompatMatrix {
    return this.matrix;
  }

  plan(from: string, to: string): CachedPlan {
    return this.planCache.get(this.require(from), this.require(to), this.aliasMap);
  }
}
