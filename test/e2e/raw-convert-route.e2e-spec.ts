import fc from 'fast-check';
import request from 'supertest';
import { formatLostField } from '../../src/core/conversion/convert-blob';
import type { BlobLoss } from '../../src/core/conversion/blob-loss';
import { CompatController } from '../../src/modules/api/rest/compat.controller';
import { layOut, writtenVmcs12For } from '../support/kvm-vmcs12';
import { nestedState } from '../support/nested-state-factory';
import { catalogLayout, catalogNames } from '../support/shared-layouts';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// POST /convert with a raw body is a plain Fastify route (raw-convert-route.ts); with a JSON body
// it is the Nest controller's. The Nest method must never see a raw body (else the fast route is
// not in use), and the two routes must answer every request alike: for a conversion, the raw
// bytes are the JSON answer's blob and the X- headers its other members; for a refusal, the
// same status and the same error body. Cases: realistic blobs of catalog layouts, random bytes,
// wrong sizes and revisions, kvm_nested_state containers, `auto`, ?strict, unknown layouts.
// The spy replaces the method before Nest reads it; Nest finds the route by the metadata its
// decorators put on the function, so the spy carries the same.
const nestConvert = CompatController.prototype.convert;
const controllerConvert = jest.spyOn(CompatController.prototype, 'convert');
for (const key of Reflect.getOwnMetadataKeys(nestConvert) as unknown[]) {
  Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, nestConvert), controllerConvert);
}

interface Case {
  from: string;
  to: string;
  blob: Uint8Array;
  query: string;
}

describe('POST /convert: the raw route and the JSON route answer alike', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const names = catalogNames().filter((_, i) => i % 4 === 0);
  const mainline = names.filter((n) => catalogLayout(n).revision === 0x11e57ed0);

  const blobFor = (source: string): fc.Arbitrary<Uint8Array> =>
    fc.oneof(
      writtenVmcs12For(catalogLayout(source)).map((s) => layOut(s, catalogLayout(source))),
      fc.uint8Array({ minLength: 4096, maxLength: 4096 }).map((b) => {
        new DataView(b.buffer).setUint32(0, catalogLayout(source).revision, true);
        return b;
      }),
      fc.uint8Array({ minLength: 0, maxLength: 5000 }),
    );
  const cases: fc.Arbitrary<Case> = fc
    .record({
      source: fc.constantFrom(...mainline),
      from: fc.constantFrom('same', 'auto', 'other', 'no-such-layout'),
      to: fc.constantFrom(...names, 'no-such-layout'),
      strict: fc.boolean(),
      container: fc.boolean(),
    })
    .chain(({ source, from, to, strict, container }) =>
      blobFor(source).map((vmcs12) => {
        const blob = container ? wrap(vmcs12) : vmcs12;
        const query = [strict ? 'strict=true' : '', container ? 'container=nested-state' : ''].filter(Boolean).join('&');
        const named = from === 'same' ? source : from === 'other' ? (mainline.find((n) => n !== source) ?? source) : from;
        return { from: named, to, blob, query };
      }),
    );

  it('the Nest method serves JSON bodies only', async () => {
    const blob = nestedState().slice(128);
    controllerConvert.mockClear();
    const raw = await request(t.http).post('/convert/linux-v4.14/linux-v4.17-pinned').set('content-type', 'Application/Octet-Stream; x=1').send(Buffer.from(blob));
    expect(raw.status).toBe(200);
    expect(controllerConvert).not.toHaveBeenCalled();
    const json = await request(t.http).post('/convert/linux-v4.14/linux-v4.17-pinned').send({ blob: Buffer.from(blob).toString('base64') });
    expect(json.status).toBe(200);
    expect(controllerConvert).toHaveBeenCalledTimes(1);
  });

  it('answers a raw body as it answers the same blob in JSON', async () => {
    const seen = new Set<number>();
    await fc.assert(
      fc.asyncProperty(cases, async (c) => {
        const path = `/convert/${c.from}/${c.to}${c.query ? `?${c.query}` : ''}`;
        const raw = await request(t.http).post(path).set('content-type', 'application/octet-stream').send(Buffer.from(c.blob)).buffer(true).parse(binary as never);
        const json = await request(t.http)
          .post(path)
          .send({ blob: Buffer.from(c.blob).toString('base64') });
        seen.add(raw.status);
        expect(raw.status).toBe(json.status);
        expect(raw.headers['x-request-id']).toBeDefined();
        if (json.status !== 200) {
          expect(raw.headers['content-type']).toBe('application/json; charset=utf-8');
          expect(JSON.parse((raw.body as Buffer).toString('utf8'))).toEqual(json.body);
          return;
        }
        const view = json.body as { blob: string; lost: BlobLoss[]; planId: string; fromFingerprint: string; toFingerprint: string; from?: string; sourceCandidates?: string[] };
        expect(raw.headers['content-type']).toBe('application/octet-stream');
        expect((raw.body as Buffer).toString('base64')).toBe(view.blob);
        expect({
          lost: raw.headers['x-lost-fields'],
          plan: raw.headers['x-plan-id'],
          from: raw.headers['x-from-fingerprint'],
          to: raw.headers['x-to-fingerprint'],
          source: raw.headers['x-source-layout'],
          candidates: raw.headers['x-source-candidates'],
        }).toEqual({
          lost: view.lost.map(formatLostField).join(','),
          plan: view.planId,
          from: view.fromFingerprint,
          to: view.toFingerprint,
          source: view.from,
          candidates: view.sourceCandidates?.join(','),
        });
      }),
      { numRuns: 150 },
    );
    // The cases reach conversions and refusals alike: 200, 404 (unknown layout), 422 (size,
    // revision, loss under strict), and 409 or 422 from `auto`.
    expect([...seen].sort()).toEqual(expect.arrayContaining([200, 404, 422]));
  });
});

// A kvm_nested_state (the factory's VMX header) around a vmcs12 of any length.
function wrap(vmcs12: Uint8Array): Uint8Array {
  const out = nestedState({ size: 128 + vmcs12.length });
  out.set(vmcs12, 128);
  return out;
}

function binary(res: NodeJS.ReadableStream, done: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
