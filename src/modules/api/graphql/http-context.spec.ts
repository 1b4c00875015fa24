import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { LayoutQueries } from '../../registry/layout-queries.service';
import { HttpGraphqlContext } from './http-context';

describe('HttpGraphqlContext', () => {
  it('already has every field mercurius assigns to a request context (if this fails, declare the new ones)', async () => {
    const app = Fastify();
    let seen: HttpGraphqlContext | undefined;
    let keysAtStart: string[] = [];
    await app.register(mercurius, {
      schema: 'type Query { a: Int }',
      resolvers: {
        Query: {
          a: (_root: unknown, _args: unknown, context: unknown) => {
            seen = context as HttpGraphqlContext;
            return 1;
          },
        },
      },
      context: (req, reply) => {
        const context = new HttpGraphqlContext(req, reply, {} as LayoutQueries);
        keysAtStart = Object.keys(context);
        return context;
      },
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ a }' }) });
    const body: unknown = await response.json();
    await app.close();
    expect(body).toEqual({ data: { a: 1 } });
    expect(seen).toBeInstanceOf(HttpGraphqlContext);
    expect(Object.keys(seen as object)).toEqual(keysAtStart);
  });
});
