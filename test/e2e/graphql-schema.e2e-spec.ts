import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPHQL_SDL_FILE_HEADER, GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// schema.gql is the committed contract: this prints the schema the running service serves,
// exactly as Nest's autoSchemaFile with sortSchema would write it, and fails on any drift.
// UPDATE_GRAPHQL_SCHEMA=1 rewrites the file instead (then review the diff like code).
const SCHEMA_FILE = join(__dirname, '..', '..', 'schema.gql');

describe('schema.gql', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('matches the schema the service serves', () => {
    const served = GRAPHQL_SDL_FILE_HEADER + printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema));
    if (process.env.UPDATE_GRAPHQL_SCHEMA === '1') {
      writeFileSync(SCHEMA_FILE, served);
    }
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(served);
  });

  it('is what introspection over HTTP describes', async () => {
    const res = await request(t.http)
      .post('/graphql')
      .send({ query: '{ __type(name: "Query") { fields { name } } }' })
      .expect(200);
    const names = (res.body.data.__type.fields as { name: string }[]).map((f) => f.name);
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const queryBlock = /type Query \{([\s\S]*?)\n\}/.exec(committed)?.[1] ?? '';
    const declared = [...queryBlock.matchAll(/^\s{2}(\w+)[(:]/gm)].map((m) => m[1]);
    expect(names.sort()).toEqual(declared.sort());
    expect(names).toEqual(expect.arrayContaining(['layouts', 'layout', 'compatibility', 'matrix', 'plan', 'events', 'history']));
  });

  it('serves GraphiQL (on by default outside production) and answers queries over GET too', async () => {
    const ide = await request(t.http).get('/graphiql').expect(200);
    expect(ide.headers['content-type']).toMatch(/text\/html/);
    const res = await request(t.http).get('/graphql').query({ query: '{ layout(name: "linux-v4.4") { revision } }' }).expect(200);
    expect(res.body).toEqual({ data: { layout: { revision: '0x11e57ed0' } } });
    const mutation = await request(t.http).get('/graphql').query({ query: 'mutation { declareAlias(from: "a", to: "b") { created } }' }).expect(405);
    expect(mutation.body.errors[0].extensions.code).toBe('BAD_REQUEST');
  });
});
