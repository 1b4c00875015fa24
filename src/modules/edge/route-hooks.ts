import type { RouteOptions } from 'fastify';

// Adds a hook to a route's own list of hooks of one kind (from an onRoute hook), keeping the
// ones the route already had.
export function appendRouteHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  return [...hookList(existing), hook];
}

// The same, with the hook running before the route's own.
export function prependRouteHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  return [hook, ...hookList(existing)];
}

// A route's hooks of one kind as a list, however the route gave them (none, one, or a list).
export function hookList<T>(existing: T | T[] | undefined): T[] {
  return existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
}

export function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}
