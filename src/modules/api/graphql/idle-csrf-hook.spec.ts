import Fastify from 'fastify';
import type { RouteOptions } from 'fastify';
import mercurius from 'mercurius';
import { dropIdleCsrfHook, isIdleCsrfHook } from './idle-csrf-hook';

// The routes /graphql gets once every onRoute hook has run: a recorder installed last.
async function graphqlRoutes(install: (app: ReturnType<typeof Fastify>) => void): Promise<RouteOptions[]> {
  const app = Fastify();
  install(app);
  const seen: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url === '/graphql') {
      seen.push({ ...route });
    }
  });
  await app.register(mercurius, { schema: 'type Query { a: Int }', resolvers: { Query: { a: () => 1 } } });
  await app.ready();
  await app.close();
  return seen;
}

describe('dropIdleCsrfHook', () => {
  it("recognises this mercurius's CSRF hook on every /graphql route (if this fails, mercurius changed it: read it again)", async () => {
    const routes = await graphqlRoutes(() => undefined);
    expect(routes.map((r) => r.method).sort()).toEqual(['GET', 'HEAD', 'POST']);
    for (const route of routes) {
      expect(typeof route.onRequest).toBe('function');
      expect(isIdleCsrfHook(route.onRequest as never)).toBe(true);
    }
  });

  it('takes it off, and keeps the other hooks of the route', async () => {
    const gate = (_request: unknown, _reply: unknown, done: () => void): void => done();
    const routes = await graphqlRoutes((app) => {
      app.addHook('onRoute', (route: RouteOptions) => {
        if (route.url === '/graphql') {
          route.onRequest = [gate, route.onRequest as never] as never;
        }
      });
      dropIdleCsrfHook(app);
    });
    expect(routes).toHaveLength(3);
    for (const route of routes) {
      expect(route.onRequest).toEqual([gate]);
    }
  });

  it('keeps it when mercurius CSRF prevention is on', async () => {
    const routes = await graphqlRoutes((app) => dropIdleCsrfHook(app, true));
    expect(routes.every((r) => typeof r.onRequest === 'function')).toBe(true);
  });

  it('keeps hooks that do anything else', () => {
    expect(isIdleCsrfHook(async function (request: unknown) { void request; } as never)).toBe(false);
    expect(isIdleCsrfHook(function (request: unknown, reply: unknown, csrfConfig: unknown) { return csrfConfig && (request || reply); } as never)).toBe(false);
    const checkCSRFPrevention = (..._args: unknown[]): void => undefined;
    const csrfConfig = { required: true };
    // The same text doing a check: the option decides (dropIdleCsrfHook's second argument), the text cannot.
    expect(isIdleCsrfHook(async function (request: unknown) { csrfConfig && checkCSRFPrevention(request, csrfConfig); } as never)).toBe(true);
  });
});
