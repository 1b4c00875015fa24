import { GUARDS_METADATA } from '@nestjs/common/constants';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { isObjectType } from 'graphql';
import type { GraphQLObjectType } from 'graphql';
import request from 'supertest';
import type { CompatibilityService } from '../../src/modules/compat/compatibility.service';
import { CompatResolver } from '../../src/modules/api/graphql/resolvers/compat.resolver';
import { PLAIN_RESOLVER, plainQueries } from '../../src/modules/api/graphql/resolvers/plain-queries';
import { mercuriusHooks } from '../support/mercurius-hooks';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// The root reads resolved without Nest's pipeline (plain-queries.ts): the served schema really
// resolves them with the plain functions (else the table only looks faster), none of them is
// guarded in its Nest class (a guard there would be silently skipped), and over HTTP each answers
// exactly what REST answers for every pair of a sample of the catalog, errors included.
const RESOLVER_CLASS: Record<string, object> = { compatibility: CompatResolver.prototype };

describe('plain GraphQL root reads', () => {
  let t: TestApp;
  let names: string[];
  beforeAll(async () => {
    t = await startTestApp();
    names = ((await request(t.http).get('/layouts')).body as Array<{ name: string }>).map((l) => l.name);
  });
  afterAll(() => t.close());

  const fields = Object.keys(plainQueries({} as CompatibilityService));

  it('are the resolvers the served schema uses, and none is guarded', () => {
    const query = t.app.get(GraphQLSchemaHost).schema.getQueryType()?.getFields() ?? {};
    for (const name of fields) {
      expect((query[name]?.resolve as unknown as Record<symbol, unknown> | undefined)?.[PLAIN_RESOLVER]).toBe(true);
      const method = (RESOLVER_CLASS[name] as Record<string, unknown>)[name] as object;
      expect(Reflect.getMetadata(GUARDS_METADATA, method) ?? []).toEqual([]);
    }
    expect(Object.keys(RESOLVER_CLASS).sort()).toEqual([...fields].sort());
  });

  // property-fields.ts and lean-mercurius.driver.ts, as the service serves them.
  it("resolves plain properties without Nest's per-field read, keeps @ResolveField's, and runs no idle request hooks", () => {
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const objectFields = Object.values(schema.getTypeMap())
      .filter(isObjectType)
      .flatMap((type) => Object.values(type.getFields()).map((field) => [`${type.name}.${field.name}`, field.resolve] as const));
    expect(objectFields.length).toBeGreaterThan(100);
    // A read with a default (none today) keeps Nest's resolver; one without must be gone.
    const readWithoutDefault = (r: unknown) => typeof r === 'function' && r.name === 'rootFieldResolver' && (r as (o: object) => unknown)(Object.create(null) as object) === undefined;
    expect(objectFields.filter(([, resolve]) => readWithoutDefault(resolve)).map(([name]) => name)).toEqual([]);
    const layout = (schema.getType('Layout') as GraphQLObjectType).getFields();
    for (const resolved of ['fields', 'fieldCount', 'compatibility']) {
      expect(typeof layout[resolved]?.resolve).toBe('function');
    }
    expect(layout.name?.resolve).toBeUndefined();
    const hooks = mercuriusHooks(t.app.getHttpAdapter().getInstance());
    expect([hooks.preParsing?.length, hooks.onResolution?.length, hooks.preExecution?.length]).toEqual([0, 0, 1]);
  });

  // graphql-response.ts: errors inside a list carry the item's index as an integer, over HTTP
  // as over graphql-ws (mercurius's response schema had made it a string).
  it('locates an error inside a list by the integer index of its item', async () => {
    const res = await request(t.http).post('/graphql').send({ query: '{ layouts { name compatibility(to: "no-such-layout") { verdict } } }' }).expect(200);
    const errors = (res.body as { errors: Array<{ path: unknown[]; extensions: { code: string } }> }).errors;
    expect(errors.length).toBeGreaterThan(0); // the first null in the non-null list ends it
    errors.forEach((e) => expect(e.path).toEqual(['layouts', expect.any(Number), 'compatibility']));
    expect(errors[0]?.path).toEqual(['layouts', 0, 'compatibility']);
    expect(new Set(errors.map((e) => e.extensions.code))).toEqual(new Set(['NOT_FOUND']));
    expect(res.text).toContain('"path":["layouts",0,"compatibility"],"extensions":{"code":"NOT_FOUND"');
  });

  it('compatibility answers as GET /compat/:from/:to does, for every pair of a sample and for unknown names', async () => {
    const sample = [...names.filter((_, i) => i % 5 === 0), 'no-such-layout'];
    for (const from of sample) {
      for (const to of sample) {
        const rest = await request(t.http).get(`/compat/${from}/${to}`);
        const gql = await request(t.http)
          .post('/graphql')
          .send({ query: 'query ($a: String!, $b: String!) { compatibility(from: $a, to: $b) { from to verdict inPlace revisionConflict lost { name offset reason } moved { name fromOffset toOffset } findings { rule severity field message } } }', variables: { a: from, b: to } });
        if (rest.status === 200) {
          const r = rest.body as Record<string, unknown>;
          const pick = (xs: Array<Record<string, unknown>>, keys: string[]) => xs.map((x) => Object.fromEntries(keys.map((k) => [k, x[k]])));
          expect(gql.body).toEqual({
            data: {
              compatibility: {
                from: r.from,
                to: r.to,
                verdict: r.verdict,
                inPlace: r.inPlace,
                revisionConflict: r.revisionConflict,
                lost: pick(r.lost as Array<Record<string, unknown>>, ['name', 'offset', 'reason']),
                moved: pick(r.moved as Array<Record<string, unknown>>, ['name', 'fromOffset', 'toOffset']),
                findings: pick(r.findings as Array<Record<string, unknown>>, ['rule', 'severity', 'field', 'message']),
              },
            },
          });
        } else {
          expect(rest.status).toBe(404);
          const errors = (gql.body as { errors: Array<{ message: string; extensions: { code: string } }> }).errors;
          expect(errors.map((e) => [e.message, e.extensions.code])).toEqual([[(rest.body as { message: string }).message, 'NOT_FOUND']]);
        }
      }
    }
  });
});
