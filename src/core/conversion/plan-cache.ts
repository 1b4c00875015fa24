import type { Aliases } from '../compat/field-index';
import { compilePlan, type CompiledConverter } from './compile-plan';
import { buildPlan, type PlanSide } from './plan';
import type { Plan } from './plan-types';

export interface CachedPlan {
  plan: Plan;
  converter: CompiledConverter;
}

interface Slot {
  entry: CachedPlan;
  used: number; // the cache's clock at the last hit: the least recently used goes first
  from: string;
  to: string;
  aliases: string;
}

// Plans and their compiled converters per (A fingerprint, B fingerprint, alias set), least
// recently used dropped first. Keyed by content, not names: two names for one layout share an
// entry, and a layout cannot change under a fingerprint, so entries never go stale; a new alias
// set is a new key. Every conversion asks, so a hit builds no key: it is three lookups of strings
// V8 has already hashed (the fingerprints live in the layouts; an alias set's key is computed
// once per set, which is never changed once made), and a clock tick.
export class PlanCache {
  private readonly entries = new Map<string, Map<string, Map<string, Slot>>>();
  private readonly aliasKeys = new WeakMap<Aliases, string>();
  private count = 0;
  private clock = 0;

  constructor(private readonly capacity = 256) {}

  get size(): number {
    return this.count;
  }

  get(a: PlanSide, b: PlanSide, aliases?: Aliases): CachedPlan {
    const key = this.aliasKey(aliases);
    const hit = this.entries.get(a.fingerprint)?.get(b.fingerprint)?.get(key);
    if (hit) {
      hit.used = ++this.clock;
      return hit.entry;
    }
    const plan = buildPlan(a, b, aliases);
    const entry = { plan, converter: compilePlan(plan) };
    let byTo = this.entries.get(a.fingerprint);
    if (!byTo) {
      byTo = new Map();
      this.entries.set(a.fingerprint, byTo);
    }
    let byAliases = byTo.get(b.fingerprint);
    if (!byAliases) {
      byAliases = new Map();
      byTo.set(b.fingerprint, byAliases);
    }
    byAliases.set(key, { entry, used: ++this.clock, from: a.fingerprint, to: b.fingerprint, aliases: key });
    if (++this.count > this.capacity) {
      this.evictOldest();
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
    this.count = 0;
  }

  // A walk over every entry, on a miss past capacity only (a new pair or alias set).
  private evictOldest(): void {
    let oldest: Slot | undefined;
    for (const byTo of this.entries.values()) {
      for (const byAliases of byTo.values()) {
        for (const slot of byAliases.values()) {
          if (!oldest || slot.used < oldest.used) {
            oldest = slot;
          }
        }
      }
    }
    if (!oldest) {
      return;
    }
    const byTo = this.entries.get(oldest.from) as Map<string, Map<string, Slot>>;
    const byAliases = byTo.get(oldest.to) as Map<string, Slot>;
    byAliases.delete(oldest.aliases);
    if (byAliases.size === 0) {
      byTo.delete(oldest.to);
      if (byTo.size === 0) {
        this.entries.delete(oldest.from);
      }
    }
    this.count--;
  }

  private aliasKey(aliases?: Aliases): string {
    if (!aliases || aliases.size === 0) {
      return '';
    }
    let key = this.aliasKeys.get(aliases);
    if (key === undefined) {
      key = JSON.stringify([...aliases.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
      this.aliasKeys.set(aliases, key);
    }
    return key;
  }
}
