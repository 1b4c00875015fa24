import Ajv2020 from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { ROUTE_BODY_LIMITS } from '../../src/modules/limits/body-limits';
import { listRoutes } from './hardening/support/routes';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// The committed openapi.json against the running service: every route it serves is in the
// document (but the pages: the dashboard, /docs, and GraphQL, which schema.gql describes), and
// real answers, successes and refusals, are valid against the schema the document gives for
// their route, status and media type (JSON Schema 2020-12, as OpenAPI 3.1 says).

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Document {
  paths: Record<string, Record<string, Operation>>;
}

const DOCUMENT = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as Document;
// The pages and GraphQL. (listRoutes reads the dashboard's /dashboard/* back as /*.)
const NOT_IN_DOCUMENT = /^GET \/(|\*|dashboard\/\*|docs|docs\/:file|openapi\.json|graphiql.*)$|^\w+ \/graphql$/;

const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
ajv.addSchema(DOCUMENT as object, 'openapi.json');

const pointer = (...segments: string[]): string => segments.map((s) => encodeURIComponent(s.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

// The path template of the document that a concrete path falls under (the most literal one).
function templateOf(path: string): string {
  const bare = path.split('?')[0]!;
  const matches = Object.keys(DOCUMENT.paths).filter((t) => new RegExp(`^${t.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(bare));
  matches.sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0));
  if (matches[0] === undefined) {
    throw new Error(`no path of the document matches ${bare}`);
  }
  return matches[0];
}

function expectDocumented(method: string, path: string, res: request.Response): void {
  const template = templateOf(path);
  const operation = DOCUMENT.paths[template]?.[method.toLowerCase()];
  expect([method, template, operation === undefined ? 'undocumented operation' : 'ok']).toEqual([method, template, 'ok']);
  const status = String(res.status);
  expect([method, path, status, Object.keys(operation!.responses)]).toEqual([method, path, status, expect.arrayContaining([status])]);
  const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim();
  const media = operation!.responses[status]!.content?.[type];
  expect([method, path, status, type, media === undefined ? 'undocumented media type' : 'ok']).toEqual([method, path, status, type, 'ok']);
  if (type !== 'application/json') {
    return;
  }
  const ref = `openapi.json#/${pointer('paths', template, method.toLowerCase(), 'responses', status, 'content', type, 'schema')}`;
  const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
  const valid = validate(res.body);
  expect([method, path, status, valid ? 'valid' : ajv.errorsText(validate.errors)]).toEqual([method, path, status, 'valid']);
}

// A blob of linux-v4.4 (4096 bytes): the revision in its header, nothing else set.
function blob(): Buffer {
  const bytes = Buffer.alloc(4096);
  bytes.writeUInt32LE(0x11e57ed0, 0);
  return bytes;
}

describe('openapi.json against the service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const get = async (path: string): Promise<void> => expectDocumented('GET', path, await request(t.http).get(path));
  const send = async (method: 'POST' | 'PUT', path: string, body: unknown): Promise<void> => {
    const res = await request(t.http)[method === 'POST' ? 'post' : 'put'](path).set('content-type', 'application/json').send(JSON.stringify(body));
    expectDocumented(method, path, res);
  };

  it('documents every REST route the service serves, and no other', () => {
    const served = listRoutes(t.app.getHttpAdapter().getInstance(), ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).filter((r) => !NOT_IN_DOCUMENT.test(r));
    const documented = Object.entries(DOCUMENT.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`));
    expect(documented.sort()).toEqual(served.sort());
  });

  // The app refuses to start otherwise (requireBodyLimits); this is the same fact read back from
  // the routes it serves and the operations the document lists.
  it('has a body limit for every write route it serves and documents', () => {
    const writes = listRoutes(t.app.getHttpAdapter().getInstance(), ['POST', 'PUT', 'PATCH', 'DELETE']);
    const documented = Object.entries(DOCUMENT.paths).flatMap(([path, ops]) =>
      Object.keys(ops)
        .filter((m) => m !== 'get')
        .map((m) => `${m.toUpperCase()} ${path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    expect(writes.length).toBeGreaterThanOrEqual(10);
    expect([...writes, ...documented].filter((route) => !ROUTE_BODY_LIMITS.has(route))).toEqual([]);
  });

  it('describes the answers of every read', async () => {
    for (const path of [
      '/health',
      '/health/ready',
      '/health/live',
      '/layouts',
      '/layouts?revision=0x11e57ed0&deprecated=false',
      '/layouts/linux-v4.19-hdr',
      '/layouts/linux-v4.19-hdr.h',
      '/compat?layouts=linux-v4.4,linux-v4.14,linux-v4.17-pinned',
      '/compat/linux-v4.14/linux-v4.17-pinned',
      '/compat/linux-v4.4/linux-v6.12',
      '/plans/linux-v4.14/linux-v4.4',
      '/converters/linux-v4.14/linux-v4.4.c',
      '/kernels/6.12',
      '/events?limit=40',
      '/events?after=40&limit=200',
      '/events/verify',
      '/aliases',
      '/policy',
      '/lineages',
      '/lineages/mainline',
      '/lineages/mainline/policy',
      '/reserved',
      '/metrics',
    ]) {
      await get(path);
    }
  });

  it('describes the answers of every write, and the conversions and identification', async () => {
    await send('POST', '/aliases', { from: 'oa_old', to: 'oa_new' });
    await send('POST', '/aliases', { from: 'oa_old', to: 'oa_new' });
    await send('POST', '/reserved', { name: 'oa_reserved', reason: 'documented' });
    await send('PUT', '/policy', { mode: 'none', transitive: false, sameRevision: 'in-place' });
    await send('PUT', '/lineages/mainline/policy', { mode: 'none', transitive: false, sameRevision: 'any' });
    await send('PUT', '/lineages/mainline/policy', null);
    const fields = [
      { name: 'revision_id', type: 'u32', offset: 0 },
      { name: 'guest_rip', type: 'natural_width', offset: 8 },
    ];
    await send('POST', '/layouts', { name: 'oa-json', format: 'json', revision: '0x00000042', size: 64, fields, lineage: 'oa-line', branchesFrom: null });
    await send('POST', '/layouts', { name: 'oa-json', format: 'json', revision: '0x00000042', size: 64, fields, lineage: 'oa-line', branchesFrom: null });
    await send('POST', '/layouts/oa-json/annotations', { kernel: '9.9', notes: 'from the OpenAPI test' });
    await send('POST', '/layouts/oa-json/deprecate', { reason: 'a test layout' });
    await send('POST', '/identify', { blob: blob().toString('base64') });
    await send('POST', '/convert/linux-v4.4/linux-v4.14', { blob: blob().toString('base64') });
    await send('POST', '/convert/auto/linux-v4.14', { blob: blob().toString('base64') });
    const raw = await request(t.http).post('/convert/linux-v4.4/linux-v4.14').set('content-type', 'application/octet-stream').send(blob());
    expectDocumented('POST', '/convert/linux-v4.4/linux-v4.14', raw);
    await get('/events?after=0&limit=1000');
  });

  it('describes the refusals: each is the error body with a documented status', async () => {
    await get('/layouts/no-such-layout');
    await get('/compat/linux-v4.4/no-such-layout');
    await get('/kernels/not-a-release');
    await get('/events?limit=0');
    await get('/lineages/no-such-lineage');
    await send('POST', '/layouts', { name: 'Bad Name', source: 'struct vmcs12 {};' });
    await send('POST', '/layouts', { name: 'oa-c', source: 'struct __packed vmcs12 { u32 revision_id; u64 oops oops; };' });
    await send('POST', '/aliases', { from: '1bad' });
    await send('PUT', '/policy', { mode: 'sometimes' });
    await send('POST', '/layouts/no-such-layout/deprecate', { reason: 'gone' });
    await send('POST', '/convert/linux-v4.4/linux-v4.14', { blob: 'AAAA' });
    await send('POST', '/convert/linux-v4.4/linux-v4.14?strict=maybe', { blob: 'AAAA' });
    await send('POST', '/identify', { blob: 'not base64!' });
    const unsupported = await request(t.http).post('/aliases').set('content-type', 'text/plain').send('from=a&to=b');
    expectDocumented('POST', '/aliases', unsupported);
    const tooLarge = await request(t.http).post('/aliases').set('content-type', 'application/json').send(JSON.stringify({ from: 'a', to: 'b', pad: 'x'.repeat(70_000) }));
    expectDocumented('POST', '/aliases', tooLarge);
    const crossSite = await request(t.http).post('/aliases').set('origin', 'https://elsewhere.example').set('content-type', 'application/json').send('{}');
    expectDocumented('POST', '/aliases', crossSite);
  });
});
