import request from 'supertest';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp, LogLine } from './support/hardening-app';
import { CATALOG_SIZE } from '../../support/catalog-size';
import { pollUntil } from '../../support/poll-until';

jest.setTimeout(60_000);

const SOURCE = 'struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n u64 io_bitmap_a;\n};\n#define VMCS12_REVISION 0x00000b5e\n';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function metric(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observability', () => {
  let t: HardeningApp;
  const requestLines = (): LogLine[] => t.logs.filter((l) => l.msg === 'request completed' || l.msg === 'request failed');
  beforeAll(async () => {
    t = await startHardeningApp({ logLevel: 'info' });
  });
  afterAll(() => t.close());

  describe('request ids', () => {
    it('honours a sane X-Request-Id: echoed, logged, recorded in the event', async () => {
      const res = await request(t.http).post('/layouts').set('x-request-id', 'client-abc.123').send({ name: 'obs-one', format: 'c', source: SOURCE }).expect(201);
      expect(res.headers['x-request-id']).toBe('client-abc.123');
      const line = requestLines().find((l) => l.reqId === 'client-abc.123');
      expect(line).toMatchObject({ level: 'info', method: 'POST', url: '/layouts', route: '/layouts', status: 201, ip: '127.0.0.1', actor: 'loopback', service: 'vmcs12-registry' });
      expect(line?.ms).toEqual(expect.any(Number));
      expect(line?.time).toMatch(/^\d{4}-\d\d-\d\dT/);
      const events = await request(t.http).get('/events?after=20').expect(200);
      expect(events.body.at(-1).metadata.requestId).toBe('client-abc.123');
    });

    it.each([['has space'], ['x'.repeat(129)], ['']])('replaces an unusable X-Request-Id (%j) with a UUID', async (id) => {
      const res = await request(t.http).get('/health/live').set('x-request-id', id).expect(200);
      expect(res.headers['x-request-id']).toMatch(UUID);
    });

    it('generates a distinct id per request', async () => {
      const a = await request(t.http).get('/health/live');
      const b = await request(t.http).get('/health/live');
      expect(a.headers['x-request-id']).toMatch(UUID);
      expect(a.headers['x-request-id']).not.toBe(b.headers['x-request-id']);
    });
  });

  describe('logs', () => {
    it('writes one JSON line per request, refusals included', async () => {
      const before = requestLines().length;
      await request(t.http).get('/layouts/nope').expect(404);
      await request(t.http).get('/no/such/route').expect(404);
      const lines = requestLines().slice(before);
      expect(lines).toEqual([
        expect.objectContaining({ method: 'GET', url: '/layouts/nope', route: '/layouts/:name', status: 404 }),
        expect.objectContaining({ method: 'GET', url: '/no/such/route', route: 'unmatched', status: 404 }),
      ]);
    });

    it("puts Nest's own messages in the same JSON stream, with their context", () => {
      expect(t.logs).toContainEqual(expect.objectContaining({ level: 'info', context: 'RegistryService', msg: `imported ${CATALOG_SIZE} catalog layouts` }));
    });
  });

  describe('/metrics', () => {
    it('has request latency by route pattern and status', async () => {
      await request(t.http).get('/layouts/linux-v4.14').expect(200);
      await request(t.http).get('/layouts/linux-v4.4').expect(200);
      const text = (await request(t.http).get('/metrics').expect(200)).text;
      expect(metric(text, 'http_request_duration_seconds_count{method="GET",route="/layouts/:name",status="200"}')).toBeGreaterThanOrEqual(2);
      expect(metric(text, 'http_request_duration_seconds_count{method="GET",route="/layouts/:name",status="404"}')).toBeGreaterThanOrEqual(1);
      expect(text).toContain('http_request_duration_seconds_bucket{le="0.005",method="GET",route="/layouts/:name",status="200"}');
      expect(text).not.toContain('route="/layouts/linux-v4.14"');
    });

    it('counts appended events by type, as the feed delivers them', async () => {
      const count = async (): Promise<number> => metric((await request(t.http).get('/metrics')).text, 'vmcs12_events_appended_total{type="LayoutDeprecated"}') ?? 0;
      const before = await count();
      await request(t.http).post('/layouts/obs-one/deprecate').send({ reason: 'metrics' }).expect(200);
      await pollUntil('the counter to move', count, (n) => n === before + 1, { timeoutMs: 5000 });
    });

    it('has the log head, the read-model checkpoint and both lags', async () => {
      const events = (await request(t.http).get('/events/verify').expect(200)).body.events as number;
      const text = (await request(t.http).get('/metrics').expect(200)).text;
      expect(metric(text, 'vmcs12_event_log_head_position')).toBe(events);
      expect(metric(text, 'vmcs12_projection_checkpoint_position{projection="registry"}')).toBe(events);
      expect(metric(text, 'vmcs12_projection_lag_events{projection="registry"}')).toBe(0);
      expect(metric(text, 'vmcs12_projection_lag_events{projection="memory"}')).toBe(0);
      expect(metric(text, 'vmcs12_database_up')).toBe(1);
    });

    it("follows another instance's appends: the counter and the in-memory position catch up", async () => {
      const other = await startHardeningApp({ database: t.databaseUrl });
      try {
        await request(other.http).post('/aliases').send({ from: 'obs_old', to: 'obs_new' }).expect(201);
        const events = (await request(t.http).get('/events/verify').expect(200)).body.events as number;
        const metrics = async (): Promise<string> => (await request(t.http).get('/metrics')).text;
        const caughtUp = (m: string): boolean => metric(m, 'vmcs12_event_log_head_position') === events && metric(m, 'vmcs12_projection_lag_events{projection="memory"}') === 0;
        const text = await pollUntil('the feed to catch up', metrics, caughtUp, { timeoutMs: 5000 });
        expect(metric(text, 'vmcs12_events_appended_total{type="FieldAliasDeclared"}')).toBe(1);
      } finally {
        await other.close();
      }
    });

    it('keeps the conversion counters', async () => {
      const blob = Buffer.alloc(4096);
      blob.writeUInt32LE(0x11e57ed0, 0);
      await request(t.http).post('/convert/linux-v4.14/linux-v4.17-pinned').set('content-type', 'application/octet-stream').send(blob).expect(200);
      const text = (await request(t.http).get('/metrics').expect(200)).text;
      expect(metric(text, 'vmcs12_conversions_total{from="linux-v4.14",to="linux-v4.17-pinned"}')).toBe(1);
    });
  });

  describe('health', () => {
    it('/health/live says only that the process serves', async () => {
      const res = await request(t.http).get('/health/live').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it.each(['/health', '/health/ready'])('%s checks the database, the migrations and the catalog', async (path) => {
      const res = await request(t.http).get(path).expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up', migrations: 'applied', catalog: 'imported' });
    });
  });
});
