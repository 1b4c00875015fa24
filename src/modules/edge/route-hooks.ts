import type { RouteOptions } from 'fastify';

// Adds a hook to a route's own list of hooks of one kind (from an onRoute hook), keeping the
// ones the route already had.
export function appendRouteHook<T>(existing: T | T[] | undefined, hook: T): T[] {
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing];
  return [...list, hook];
}

export function methodsOf(route: RouteOptions): string[] {
  return Array.isArray(route.method) ? route.method : [route.method];
}
