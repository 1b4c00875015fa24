import request from 'supertest';
import { catalogHistory } from '../../../src/core/catalog/catalog-history';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';
import { startControlledPostgres } from './support/postgres-controller';
import type { ControlledPostgres } from './support/postgres-controller';
import { pollUntil } from '../../support/poll-until';

jest.setTimeout(180_000);

// The catalog's history (reserved names and layouts) is the log's first events.
const HISTORY = catalogHistory().length;

const source = (rev: number): string =>
  `struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x${rev.toString(16).padStart(8, '0')}\n`;

function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

// The service keeps running while its Postgres goes away and comes back: readiness follows the
// database, and the pools, the LISTEN feed and the in-memory follower all recover on their own.
describe('Postgres stopped and started under a running service', () => {
  let pg: ControlledPostgres;
  let t: HardeningApp;
  let other: HardeningApp | undefined;

  beforeAll(async () => {
    pg = await startControlledPostgres();
    t = await startHardeningApp({ database: pg.url });
  });
  afterAll(async () => {
    await other?.close();
    await t?.close();
    await pg?.close();
  });

  it('is ready and takes a registration', async () => {
    await request(t.http).get('/health').expect(200);
    await request(t.http).post('/layouts').send({ name: 'before-outage', format: 'c', source: source(0x0b0f0001) }).expect(201);
  });

  it('goes red when Postgres stops, while staying live', async () => {
    await pg.stop();
    const res = await request(t.http).get('/health').expect(503);
    expect(res.body).toEqual({ status: 'degraded', database: 'down', migrations: 'unknown', catalog: 'imported' });
    await request(t.http).get('/health/ready').expect(503);
    await request(t.http).get('/health/live').expect(200);
    const metrics = await request(t.http).get('/metrics').expect(200);
    expect(metric(metrics.text, 'vmcs12_database_up')).toBe(0);
  });

  it('answers a registration during the outage with 503, and appends nothing later', async () => {
    const res = await request(t.http).post('/layouts').send({ name: 'during-outage', format: 'c', source: source(0x0b0f0002) }).expect(503);
    expect(res.body).toEqual({ error: 'unavailable', message: expect.stringMatching(/^the database is unavailable/) });
    await request(t.http).get('/layouts/before-outage').expect(503);
  });

  it('tells GraphQL clients SERVICE_UNAVAILABLE, and answers a new event stream 503 rather than an empty 200', async () => {
    const gql = await request(t.http).post('/graphql').send({ query: '{ layout(name: "before-outage") { name } }' }).expect(200);
    expect(gql.body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', error: 'unavailable', retryAfterSeconds: 1 });
    const mutation = await request(t.http).post('/graphql').send({ query: 'mutation { declareAlias(from: "pg_a", to: "pg_b") { from } }' }).expect(200);
    expect(mutation.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    const stream = await request(t.http).get('/events/stream?after=1').expect(503);
    expect(stream.body.error).toBe('unavailable');
    expect(stream.headers['retry-after']).toBe('1');
  });

  it('keeps converting between layouts it holds in memory', async () => {
    const blob = Buffer.alloc(4096);
    blob.writeUInt32LE(0x11e57ed0, 0);
    await request(t.http).post('/convert/linux-v4.14/linux-v4.17-pinned').set('content-type', 'application/octet-stream').send(blob).expect(200);
  });

  it('goes green again when Postgres is back, without a restart', async () => {
    await pg.start();
    const started = Date.now();
    const health = async (): Promise<number> => (await request(t.http).get('/health')).status;
    await pollUntil('/health to answer 200', health, (status) => status === 200, { timeoutMs: 30_000, intervalMs: 200 });
    const ms = Date.now() - started;
    console.log(`postgres-restart: ready again ${ms} ms after Postgres started`);
    expect((await request(t.http).get('/health')).body).toEqual({ status: 'ok', database: 'up', migrations: 'applied', catalog: 'imported' });
  });

  it('takes registrations again, and the log is whole', async () => {
    await request(t.http).post('/layouts').send({ name: 'after-outage', format: 'c', source: source(0x0b0f0003) }).expect(201);
    await request(t.http).get('/layouts/before-outage').expect(200);
    await request(t.http).get('/layouts/during-outage').expect(404);
    const v = await request(t.http).get('/events/verify').expect(200);
    expect(v.body).toMatchObject({ ok: true, events: HISTORY + 2 });
  });

  it("follows another instance's appends again (the LISTEN feed and the follower reconnected)", async () => {
    other = await startHardeningApp({ database: pg.url });
    await request(other.http).post('/aliases').send({ from: 'restart_old', to: 'restart_new' }).expect(201);
    const figures = async (): Promise<Array<number | undefined>> => {
      const text = (await request(t.http).get('/metrics')).text;
      return ['vmcs12_event_log_head_position', 'vmcs12_projection_lag_events{projection="memory"}', 'vmcs12_events_appended_total{type="FieldAliasDeclared"}'].map((s) => metric(text, s));
    };
    await pollUntil("this instance to apply and count the other instance's event (head, memory lag, aliases counted)", figures, ([head, lag, counted]) => head === HISTORY + 3 && lag === 0 && counted === 1, {
      timeoutMs: 15_000,
      intervalMs: 200,
    });
  });
});
