import Fastify from 'fastify';
import { ROUTE_BODY_LIMITS, requireBodyLimits } from './body-limits';
import { installLimits } from './install-limits';
import { TokenBuckets } from './token-buckets';

describe('every write route has a body limit', () => {
  const limits = new Map([
    ['POST /things', 1024],
    ['PUT /things/:id', 1024],
  ]);

  it('passes reads, and writes that have a limit', () => {
    expect(() => requireBodyLimits(['GET', 'HEAD'], '/anything', limits)).not.toThrow();
    expect(() => requireBodyLimits(['POST'], '/things', limits)).not.toThrow();
    expect(() => requireBodyLimits(['PUT'], '/things/:id', limits)).not.toThrow();
  });

  it.each([
    [['POST'], '/unlimited', 'POST /unlimited'],
    [['PATCH'], '/things/:id', 'PATCH /things/:id'],
    [['DELETE'], '/things/:id', 'DELETE /things/:id'],
    [['GET', 'POST', 'PUT'], '/other', 'POST /other, PUT /other'],
  ])('refuses %j %s, naming the route', (methods, url, named) => {
    expect(() => requireBodyLimits(methods, url, limits)).toThrow(`${named} has no body limit: add it to ROUTE_BODY_LIMITS in src/modules/limits/body-limits.ts`);
  });

  it('is checked as Fastify registers a route, so the service cannot start with an unlimited write', async () => {
    const fastify = Fastify();
    installLimits(fastify, { buckets: new TokenBuckets(600), handlerTimeoutMs: 1000, defaultBodyLimit: 1024, layoutSize: () => undefined });
    fastify.get('/free', async () => 'ok');
    expect(() => fastify.post('/aliases', async () => 'ok')).not.toThrow();
    expect(() => fastify.post('/forgotten', async () => 'ok')).toThrow('POST /forgotten has no body limit');
    await fastify.close();
  });

  it('knows only write routes (a read listed here would be a stale entry)', () => {
    for (const route of ROUTE_BODY_LIMITS.keys()) {
      expect(route).toMatch(/^(POST|PUT|PATCH|DELETE) \//);
    }
  });
});
