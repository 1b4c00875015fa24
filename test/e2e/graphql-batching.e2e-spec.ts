import { Client } from 'pg';
import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';
import { CATALOG_SIZE } from '../support/catalog-size';

// Database round trips per GraphQL request, counted for real: every statement any pg client
// in this process sends to this test's database goes through Client.prototype.query (Prisma's
// driver adapter runs on a pg Pool of such clients, the event feed on its own Client), so
// wrapping it sees them all; the REST control below proves the counter is not blind.

type QueryFn = (...args: unknown[]) => unknown;
const original = Client.prototype.query as unknown as QueryFn;

class StatementCounter {
  private statements: string[] | undefined;

  constructor(private readonly database: string) {}

  install(): void {
    const counter = this;
    (Client.prototype as unknown as { query: QueryFn }).query = function (this: Client, ...args: unknown[]) {
      counter.record(this, args[0]);
      return original.apply(this, args);
    };
  }

  uninstall(): void {
    (Client.prototype as unknown as { query: QueryFn }).query = original;
  }

  async during(work: () => Promise<unknown>): Promise<string[]> {
    this.statements = [];
    try {
      await work();
      return this.statements;
    } finally {
      this.statements = undefined;
    }
  }

  private record(client: Client, query: unknown): void {
    if (this.statements && client.database === this.database) {
      const text = typeof query === 'string' ? query : (query as { text?: string } | null)?.text;
      this.statements.push(String(text).replace(/\s+/g, ' ').slice(0, 120));
    }
  }
}

describe('GraphQL batching: bounded database round trips per request', () => {
  let t: TestApp;
  let counter: StatementCounter;
  const gql = async <T>(query: string): Promise<T> => {
    const res = await request(t.http).post('/graphql').send({ query }).expect(200);
    expect(res.body.errors).toBeUndefined();
    return res.body.data as T;
  };

  beforeAll(async () => {
    t = await startTestApp();
    counter = new StatementCounter(new URL(t.databaseUrl).pathname.slice(1));
    counter.install();
  });
  afterAll(async () => {
    counter?.uninstall();
    await t?.close();
  });

  it('counts one statement or more per layout fetched one by one over REST (the counter sees the app)', async () => {
    const names = ((await request(t.http).get('/layouts').expect(200)).body as { name: string }[]).map((l) => l.name);
    const statements = await counter.during(async () => {
      for (const name of names) {
        await request(t.http).get(`/layouts/${name}`).expect(200);
      }
    });
    expect(names).toHaveLength(CATALOG_SIZE);
    expect(statements.length).toBeGreaterThanOrEqual(names.length);
    console.info(`${CATALOG_SIZE} layouts one by one over REST: ${statements.length} statements`);
  });

  it('answers the matrix and every layout with all its fields and a report in a handful of statements', async () => {
    let data: { matrix: { layouts: string[] }; layouts: { name: string; fieldCount: number; fields: { name: string }[]; compatibility: { verdict: string } }[] } | undefined;
    const statements = await counter.during(async () => {
      data = await gql(`{
        matrix { layouts verdicts conflicts }
        layouts { name fieldCount fields { name type count offset size role encoding line column } compatibility(to: "linux-v4.17-pinned") { verdict } }
      }`);
    });
    expect(data?.matrix.layouts).toHaveLength(CATALOG_SIZE);
    expect(data?.layouts).toHaveLength(CATALOG_SIZE);
    const fields = data?.layouts.reduce((n, l) => n + l.fields.length, 0) ?? 0;
    expect(fields).toBeGreaterThan(CATALOG_SIZE * 100);
    data?.layouts.forEach((l) => expect(l.fieldCount).toBe(l.fields.length));
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.length).toBeLessThanOrEqual(4);
    console.info(`whole catalog with fields: ${statements.length} statements\n  ${statements.join('\n  ')}`);
  });

  it('batches aliased single-layout lookups and the history with its layouts\' fields the same way', async () => {
    const names = (await gql<{ layouts: { name: string }[] }>('{ layouts { name } }')).layouts.map((l) => l.name);
    const aliased = names.map((n, i) => `l${i}: layout(name: "${n}") { name fields { name offset } }`).join('\n');
    const lookups = await counter.during(() => gql(`{ ${aliased} }`));
    expect(lookups.length).toBeGreaterThanOrEqual(1);
    expect(lookups.length).toBeLessThanOrEqual(3);
    const history = await counter.during(async () => {
      const { history } = await gql<{ history: { layout: { fields: unknown[] } }[] }>(
        '{ history { layout { name fields { name offset } } previous { verdict movedCount } previousSameRevision { verdict } } }',
      );
      expect(history.every((h) => h.layout.fields.length > 0)).toBe(true);
    });
    expect(history.length).toBeGreaterThanOrEqual(1);
    expect(history.length).toBeLessThanOrEqual(4);
    console.info(`${CATALOG_SIZE} aliased layout(name): ${lookups.length} statements; history with fields: ${history.length} statements`);
  });
});
