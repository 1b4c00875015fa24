import Fastify from 'fastify';
import type { RouteOptions } from 'fastify';
import fastJsonStringify from 'fast-json-stringify';
import fc from 'fast-check';
import mercurius from 'mercurius';
import { serializeGraphqlResponse } from './graphql-response';

// serializeGraphqlResponse against the serialiser it replaces: fast-json-stringify over the
// 2xx response schema mercurius itself declares on /graphql (read off a real route). For any
// response, the two must write the same bytes once list indices in paths are strings, the one
// thing the schema got wrong; and ours must keep the indices as the integers they are.
async function mercuriusResponseSchema(): Promise<object> {
  const fastify = Fastify();
  let schema: object | undefined;
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url === '/graphql' && route.method === 'POST') {
      schema = (route.schema?.response as Record<string, object>)['2xx'];
    }
  });
  await fastify.register(mercurius, { schema: 'type Query { a: Int }', resolvers: {} });
  await fastify.ready();
  await fastify.close();
  if (!schema) {
    throw new Error("mercurius declared no 2xx response schema on POST /graphql: serializeGraphqlResponse's reason is gone");
  }
  return schema;
}

const json = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const error = fc.record(
  {
    message: fc.string({ unit: 'binary' }),
    locations: fc.array(fc.record({ line: fc.nat(), column: fc.nat() }), { maxLength: 2 }),
    path: fc.array(fc.oneof(fc.string({ minLength: 1 }), fc.nat(50)), { maxLength: 4 }),
    // `code` anywhere among the others, or absent. Not keys such as "0": JavaScript puts
    // array-index keys first in any object, so `code` cannot precede them; the service's
    // extensions have none (and their `code` is always a string, which the schema required).
    extensions: fc
      .tuple(fc.dictionary(fc.string({ minLength: 1 }), json, { maxKeys: 3 }), fc.option(fc.constantFrom('NOT_FOUND', 'BAD_USER_INPUT')), fc.nat(3))
      .map(([others, code, at]) => {
        const entries = Object.entries(others).filter(([k]) => k !== 'code' && !/^(0|[1-9]\d*)$/.test(k));
        if (code !== null) {
          entries.splice(Math.min(at, entries.length), 0, ['code', code]);
        }
        return Object.fromEntries(entries);
      }),
  },
  { requiredKeys: ['message'] },
);
const response = fc.record({ data: fc.oneof(fc.constant(null), fc.dictionary(fc.string({ minLength: 1 }), json, { maxKeys: 3 })), errors: fc.array(error, { minLength: 1, maxLength: 3 }), extensions: fc.dictionary(fc.string({ minLength: 1 }), json, { maxKeys: 2 }) }, { requiredKeys: [] });

type Response = Parameters<typeof serializeGraphqlResponse>[0];
const indicesAsStrings = (r: Response): Response => ({ ...r, errors: r.errors?.map((e) => ({ ...e, path: Array.isArray(e.path) ? e.path.map(String) : e.path })) });

describe('serializeGraphqlResponse', () => {
  let schemaSerializer: (r: unknown) => string;
  beforeAll(async () => {
    schemaSerializer = fastJsonStringify(await mercuriusResponseSchema()) as (r: unknown) => string;
  });

  it("writes what mercurius's schema wrote, but for the list indices in paths", () => {
    fc.assert(
      fc.property(response, (r) => {
        expect(serializeGraphqlResponse(indicesAsStrings(r))).toBe(schemaSerializer(r));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps list indices as integers', () => {
    const r = { data: null, errors: [{ message: 'no layout named nope', path: ['layouts', 0, 'compatibility'], extensions: { name: 'nope', code: 'NOT_FOUND' } }] };
    expect(schemaSerializer(r)).toContain('"path":["layouts","0","compatibility"]');
    expect(serializeGraphqlResponse(r)).toBe('{"data":null,"errors":[{"message":"no layout named nope","path":["layouts",0,"compatibility"],"extensions":{"code":"NOT_FOUND","name":"nope"}}]}');
  });
});
