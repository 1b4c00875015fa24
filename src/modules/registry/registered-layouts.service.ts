import { Injectable } from '@nestjs/common';
import type { CachedLayout } from './layout-cache';
import { RegistryService } from './registry.service';

// Layouts by name from the in-memory cache. A name this instance has not seen yet (registered a
// moment ago through another instance) triggers one catch-up read of the log before it is a
// 404 (NOT_FOUND names the first one still unknown).
@Injectable()
export class RegisteredLayouts {
  constructor(private readonly registry: RegistryService) {}

  async require(...names: string[]): Promise<void> {
    const cache = this.registry.layouts;
    if (names.some((n) => !cache.find(n))) {
      await this.registry.sync();
    }
    names.forEach((n) => cache.require(n));
  }

  async one(name: string): Promise<CachedLayout> {
    await this.require(name);
    return this.registry.layouts.require(name);
  }

  async pair(from: string, to: string): Promise<{ a: CachedLayout; b: CachedLayout }> {
    await this.require(from, to);
    const cache = this.registry.layouts;
    return { a: cache.require(from), b: cache.require(to) };
  }

  // Both layouts when this instance knows them, without a promise or a turn of the microtask
  // queue (every named conversion asks first); else undefined, and pair() reads the log.
  cachedPair(from: string, to: string): { a: CachedLayout; b: CachedLayout } | undefined {
    const cache = this.registry.layouts;
    const a = cache.find(from);
    const b = a && cache.find(to);
    return a && b ? { a, b } : undefined;
  }
}
