import type { Aliases } from '../compat/field-index';
import { compilePlan, type CompiledConverter } from './compile-plan';
import { buildPlan, type PlanSide } from './plan';
import type { Plan } from './plan-types';

export interface CachedPlan {
  plan: Plan;
  converter: CompiledConverter;
}

// Plans and their compiled converters per (A fingerprint, B fingerprint, alias set), least
// recently used dropped first. Keyed by content, not names: two names for one layout share an
// entry, and a layout cannot change under a fingerprint, so entries never go stale; a new alias
// set is a new key.
export class PlanCache {
  private readonly entries = new Map<string, CachedPlan>();

  constructor(private readonly capacity = 256) {}

  get size(): number {
    return this.entries.size;
  }

  get(a: PlanSide, b: PlanSide, aliases?: Aliases): CachedPlan {
    const key = `${a.fingerprint}>${b.fingerprint}|${aliasKey(aliases)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const plan = buildPlan(a, b, aliases);
    const entry = { plan, converter: compilePlan(plan) };
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) {
        this.entries.delete(oldest.value);
      }
    }
    return entry;
  }

  clear(): void {
    this.entries.clear();
  }
}

function aliasKey(aliases?: Aliases): string {
  if (!aliases || aliases.size === 0) {
    return '';
  }
  return JSON.stringify([...aliases.entries()].sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0)));
}
