import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { methodsOf, prependRouteHook } from './route-hooks';

// A check a request passes before its body is read: it answers the request itself (a
// refusal) and returns true, or returns false to let the request on.
export type RequestCheck = (request: FastifyRequest, reply: FastifyReply) => boolean;

// The check one route needs, decided once when the route is registered from its pattern and
// methods (url undefined: requests no route matched, any method); undefined when it needs none.
export type CheckForRoute = (url: string | undefined, methods: readonly string[]) => RequestCheck | undefined;

type OnRequest = (request: FastifyRequest, reply: FastifyReply, done: () => void) => void;

const ANY_METHOD: readonly string[] = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

// Every onRequest check of the service (request id, rate limit, read access, cross-site) as
// one hook per route, its checks chosen when the route is registered: a request pays one hook
// invocation, and no check asks per request which route it is on (in Fastify 5
// request.routeOptions builds a new object on every read). The order of `checks` is the order
// they run in. Requests no route matched get the same checks for an unknown route from one
// global hook, which lets matched requests through at once. Must be installed before the
// routes are registered (createApp calls it before app.init()); a route's own onRequest hooks
// (the event stream's connection caps) run after the gate.
export function installRequestGate(fastify: FastifyInstance, checks: CheckForRoute[]): void {
  const gateFor = (url: string | undefined, methods: readonly string[]): OnRequest => {
    const list = checks.map((forRoute) => forRoute(url, methods)).filter((c): c is RequestCheck => c !== undefined);
    return (request, reply, done) => {
      for (let i = 0; i < list.length; i++) {
        if (list[i]!(request, reply)) {
          return; // answered: the request goes no further
        }
      }
      done();
    };
  };

  fastify.addHook('onRoute', (route: RouteOptions) => {
    route.onRequest = prependRouteHook(route.onRequest as OnRequest | OnRequest[] | undefined, gateFor(route.url, methodsOf(route))) as RouteOptions['onRequest'];
  });

  const unmatched = gateFor(undefined, ANY_METHOD);
  fastify.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    if (request.is404) {
      unmatched(request, reply, done);
      return;
    }
    done();
  });
}
