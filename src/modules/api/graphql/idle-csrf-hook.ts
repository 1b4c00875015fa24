import type { FastifyInstance, RouteOptions } from 'fastify';
import { GRAPHQL_PATH } from '../../auth/read-access';
import { hookList } from '../../edge/route-hooks';

type Hook = (...args: never[]) => unknown;

// graphql-options.ts passes this as mercurius's csrfPrevention. The hook's text is the same
// whether or not the option is on, so the option lives here: turning it on keeps the hook.
export const MERCURIUS_CSRF_PREVENTION = false;

// Mercurius puts an async onRequest hook on its /graphql routes for its own CSRF prevention.
// This service turns that off (MERCURIUS_CSRF_PREVENTION, above): the request gate's
// cross-site check is its protection (edge/cross-site.ts), and the hook does nothing. As an
// async hook it still costs every GraphQL request a promise and a microtask turn, about 5 us
// of CPU per request under load (BENCHMARKS.md, issue 18). So it is taken off
// the routes, but only when its text is exactly that no-op: a mercurius whose hook does more
// keeps it (idle-csrf-hook.spec.ts then fails, asking for a look). Installed before the routes
// are registered (createApp, before app.init()).
export function dropIdleCsrfHook(fastify: FastifyInstance, csrfPrevention: boolean = MERCURIUS_CSRF_PREVENTION): void {
  if (csrfPrevention) {
    return;
  }
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== GRAPHQL_PATH) {
      return;
    }
    const hooks = hookList(route.onRequest as Hook | Hook[] | undefined);
    const kept = hooks.filter((hook) => !isIdleCsrfHook(hook));
    if (kept.length !== hooks.length) {
      route.onRequest = (kept.length === 0 ? undefined : kept) as RouteOptions['onRequest'];
    }
  });
}

// `async function (request, reply) { csrfConfig && checkCSRFPrevention(request, csrfConfig) }`
// (mercurius 16, lib/routes.js), whatever its spacing; csrfConfig is undefined when the option
// is off.
const IDLE_BODY = 'csrfConfig&&checkCSRFPrevention(request,csrfConfig)';

export function isIdleCsrfHook(hook: Hook): boolean {
  const text = hook.toString().replace(/\s+/g, '');
  if (!text.startsWith('async')) {
    return false;
  }
  const body = text.slice(text.indexOf('{') + 1, text.lastIndexOf('}')).replace(/;$/, '');
  return body === IDLE_BODY;
}
