import { createHash } from 'node:crypto';
import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// With WRITE_TOKENS set, mutations need a writer's bearer token exactly as REST writes do;
// reads, and conversion (a POST without a token over REST too), stay open.

interface GqlBody {
  data: Record<string, unknown> | null;
  errors?: { message: string; path?: string[]; extensions: Record<string, unknown> }[];
}

const SOURCE = `struct __packed vmcs12 {\n\tu32 revision_id;\n\tu32 abort;\n\tu64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x00abcdef\n`;
const REGISTER = `mutation ($name: String!) { registerLayout(input: { name: $name, source: ${JSON.stringify(SOURCE)} }) { created layout { name } } }`;
const WRITES: [string, string][] = [
  ['registerLayout', `mutation { registerLayout(input: { name: "refused", source: ${JSON.stringify(SOURCE)} }) { created } }`],
  ['deprecateLayout', `mutation { deprecateLayout(name: "linux-v4.4", reason: "no") { name } }`],
  ['declareAlias', `mutation { declareAlias(from: "a", to: "b") { created } }`],
  ['setPolicy', `mutation { setPolicy(input: { mode: full, transitive: true, sameRevision: "any" }) { mode } }`],
];

describe('GraphQL writes with WRITE_TOKENS set (and GraphiQL off)', () => {
  let t: TestApp;
  const post = async (query: string, headers: Record<string, string> = {}, variables?: Record<string, unknown>): Promise<GqlBody> =>
    (await request(t.http).post('/graphql').set(headers).send({ query, variables }).expect(200)).body as GqlBody;
  const head = async (): Promise<number> => ((await post('{ verifyChain { events } }')).data?.verifyChain as { events: number }).events;

  beforeAll(async () => {
    t = await startTestApp({ env: { WRITE_TOKENS: 'w-secret', READ_TOKENS: 'r-secret', GRAPHIQL: 'false' } });
  });
  afterAll(() => t.close());

  it.each(WRITES)('refuses %s without a token with UNAUTHENTICATED and appends nothing', async (field, mutation) => {
    const before = await head();
    const body = await post(mutation);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({ path: [field], extensions: { code: 'UNAUTHENTICATED', error: 'unauthorized' }, message: expect.stringMatching(/bearer token/) }),
    ]);
    expect(await head()).toBe(before);
  });

  it('answers UNAUTHENTICATED for an unknown token and FORBIDDEN for a reader token, as REST answers 401 and 403', async () => {
    const unknown = await post(REGISTER, { authorization: 'Bearer nope' }, { name: 'x1' });
    expect(unknown.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const reader = await post(REGISTER, { authorization: 'Bearer r-secret' }, { name: 'x1' });
    expect(reader.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN', error: 'forbidden' });
    await request(t.http).post('/layouts').set('authorization', 'Bearer r-secret').send({ name: 'x1', source: SOURCE }).expect(403);
    await request(t.http).post('/layouts').send({ name: 'x1', source: SOURCE }).expect(401);
  });

  it('accepts a writer token and records its actor and the Idempotency-Key in the event', async () => {
    const before = await head();
    const body = await post(REGISTER, { authorization: 'Bearer w-secret', 'idempotency-key': 'gql-key-1' }, { name: 'with-token' });
    expect(body).toEqual({ data: { registerLayout: { created: true, layout: { name: 'with-token' } } } });
    const events = (await post(`{ events(after: ${before}) { type data metadata } }`)).data?.events as { type: string; data: { name: string }; metadata: Record<string, unknown> }[];
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'LayoutRegistered',
      data: { name: 'with-token' },
      metadata: { actor: `token:${createHash('sha256').update('w-secret').digest('hex').slice(0, 12)}`, idempotencyKey: 'gql-key-1' },
    });
    const deprecated = await post(`mutation { deprecateLayout(name: "with-token", reason: "test") { deprecated } }`, { authorization: 'Bearer w-secret' });
    expect(deprecated).toEqual({ data: { deprecateLayout: { deprecated: true } } });
  });

  it('keeps reads and conversion open without a token', async () => {
    const reads = await post('{ layouts { name } policy { mode } }');
    expect(reads.errors).toBeUndefined();
    const blob = Buffer.alloc(4096);
    blob.writeUInt32LE(0x11e57ed0, 0);
    const converted = await post(`mutation { convert(from: "linux-v4.4", to: "linux-v4.17-pinned", blob: "${blob.toString('base64')}") { lost { field } } }`);
    expect(converted).toEqual({ data: { convert: { lost: [] } } });
  });

  it('serves no GraphiQL when GRAPHIQL=false, while /graphql answers', async () => {
    await request(t.http).get('/graphiql').expect(404);
    expect((await post('{ policy { mode } }')).data).toEqual({ policy: { mode: 'none' } });
  });
});
