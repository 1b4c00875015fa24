import fc from 'fast-check';
import request from 'supertest';
import type { Response } from 'supertest';
import { loadCatalog } from '../../../src/core/catalog/catalog';
import { loadCatalogReserved } from '../../../src/core/catalog/catalog-reserved';
import { withReserved } from '../../../src/core/layouts/reserved';
import { convertBlob } from '../../../src/core/conversion/convert-blob';
import type { BlobLoss } from '../../../src/core/conversion/blob-loss';
import { PlanCache } from '../../../src/core/conversion/plan-cache';
import { CoreError } from '../../../src/core/errors';
import { convertNestedState } from '../../../src/core/nested-state/convert-nested-state';
import { decodeBlobBody } from '../../../src/modules/api/rest/blob-body';
import { lostFieldsHeader } from '../../../src/modules/api/rest/conversion-reply';
import { convertBodyLimit } from '../../../src/modules/limits/body-limits';
import { NO_GPA, nestedState } from '../../support/nested-state-factory';
import { prng } from '../../support/layout-factory';
import { logState } from './support/event-log';
import { predict } from './support/fuzz-oracle';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';

// Fixed run counts, not time limits: on a slow machine a run takes longer, it does not test less.
jest.setTimeout(600_000);

// POST /convert with blobs the fuzzer builds: wrong sizes, wrong revisions, kvm_nested_state
// containers truncated, oversized or with bad flags, base64 gone wrong. Each answer must be the
// core's (same bytes and losses, or the same 4xx and message), never a 5xx, and conversions
// never touch the log.

// As the service converts them: the names the catalog's history declares reserved are padding.
const reserved = new Set(loadCatalogReserved().map((r) => r.name));
const catalog = new Map(loadCatalog().map((e) => [e.name, { name: e.name, layout: withReserved(e.layout, reserved), fingerprint: e.fingerprint }]));
const NAMES = [...catalog.keys()];
const plans = new PlanCache(512);

interface Case {
  from: string;
  to: string;
  bytes: Uint8Array;
  encoding: 'raw' | 'json' | { garbage: unknown };
  strict: string | undefined;
  container: string | undefined;
}

type Expected = { ok: true; output: Uint8Array; lost: BlobLoss[] } | { ok: false; status: number; error: string; message?: string };

function expected(c: Case): Expected {
  const json = c.encoding !== 'raw';
  const body = c.encoding === 'raw' ? Buffer.from(c.bytes) : c.encoding === 'json' ? { blob: Buffer.from(c.bytes).toString('base64') } : c.encoding.garbage;
  const length = Buffer.isBuffer(body) ? body.length : Buffer.byteLength(JSON.stringify(body) ?? '');
  if (length > convertBodyLimit(catalog.get(c.from)?.layout.size, json)) {
    return { ok: false, status: 413, error: 'payload_too_large' };
  }
  if ((c.strict !== undefined && c.strict !== 'true' && c.strict !== 'false') || (c.container !== undefined && c.container !== 'nested-state')) {
    return { ok: false, status: 400, error: 'invalid_input' };
  }
  let result: { output: Uint8Array; lost: BlobLoss[] } | undefined;
  const p = predict(() => {
    // The decoder predicts refusals; the conversion itself runs on a plain Uint8Array copy, not
    // on the Buffer the server also gets: an oracle sharing the server's input type shared its
    // aliasing bug (container conversion once zeroed Buffers) and agreed with it.
    const bytes = new Uint8Array(decodeBlobBody(json ? 'application/json' : 'application/octet-stream', body).bytes);
    const a = catalog.get(c.from);
    const b = catalog.get(c.to);
    if (!a || !b) {
      throw new CoreError('NOT_FOUND', 'no such layout');
    }
    const { converter } = plans.get(a, b, new Map());
    const opts = { strict: c.strict === 'true' };
    result = c.container === 'nested-state' ? convertNestedState(converter, bytes, opts) : convertBlob(converter, bytes, opts);
  });
  if (!p.ok) {
    return p.error === 'not_found' ? { ok: false, status: 404, error: 'not_found' } : p;
  }
  return { ok: true, output: (result as { output: Uint8Array }).output, lost: (result as { lost: BlobLoss[] }).lost };
}

const revisionOf = (name: string): number => catalog.get(name)?.layout.revision ?? 0;

// Blob bytes: mostly the right size; content random at a random density; the header right,
// with the shadow bit, someone else's, or zero.
const blobArb = (revision: number): fc.Arbitrary<Uint8Array> =>
  fc
    .record({
      length: fc.oneof({ weight: 6, arbitrary: fc.constant(4096) }, { weight: 2, arbitrary: fc.constantFrom(0, 1, 3, 4, 4095, 4097, 8192, 8320, 8321) }, { weight: 1, arbitrary: fc.nat(9000) }),
      header: fc.constantFrom('right', 'right', 'shadow', 'other', 'zero'),
      other: fc.integer({ min: 0, max: 0xffffffff }),
      density: fc.constantFrom(0, 0.01, 0.3, 1),
      seed: fc.nat(),
    })
    .map(({ length, header, other, density, seed }) => {
      const rand = prng(seed);
      const bytes = new Uint8Array(Math.max(length, 4));
      for (let i = 4; i < length; i++) {
        bytes[i] = rand() < density ? Math.floor(rand() * 256) : 0;
      }
      const value = header === 'right' ? revision : header === 'shadow' ? (revision | 0x80000000) >>> 0 : header === 'other' ? other : 0;
      new DataView(bytes.buffer).setUint32(0, value, true);
      return length >= 4 ? bytes : bytes.slice(0, length);
    });

// struct kvm_nested_state from the selftest's defaults, with every header field open to bad
// values, and the buffer truncated or extended against what its size field claims.
const nestedArb = (revision: number): fc.Arbitrary<Uint8Array> =>
  fc
    .record({
      flags: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2, 3, 4, 5, 8, 0x100, 0x10, 0xffff) }),
      format: fc.constantFrom(0, 0, 0, 1, 7),
      size: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(128, 4224, 8320) }, { weight: 1, arbitrary: fc.constantFrom(0, 127, 4223, 8321) }, { weight: 1, arbitrary: fc.nat(9000) }),
      vmxonPa: fc.constantFrom(0x1000n, 0x1000n, NO_GPA, 0x1001n, 0n),
      vmcs12Pa: fc.constantFrom(0x2000n, 0x2000n, NO_GPA, 0x1000n, 0x2001n),
      smmFlags: fc.constantFrom(0, 0, 0, 1, 2, 3, 4),
      vmxFlags: fc.constantFrom(0, 0, 1, 2),
      revision: fc.constantFrom(revision, revision, 0x12345678),
      slack: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(-1, -64, 1, 200, -4000) }),
      shadowBit: fc.boolean(),
    })
    .map(({ slack, shadowBit, ...spec }) => {
      const length = Math.max(0, Math.min(9000, spec.size + slack));
      // Built whole, then cut: the factory writes the 128-byte header before anything else.
      const bytes = nestedState({ ...spec, length: Math.max(length, 4228) }).slice(0, length);
      if (!shadowBit && bytes.length >= 4228) {
        bytes[4227] = (bytes[4227] as number) & 0x7f;
      }
      return bytes;
    });

const caseArb: fc.Arbitrary<Case> = fc
  .record({
    from: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constantFrom('no-such-layout', 'LINUX') }),
    to: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...NAMES) }, { weight: 1, arbitrary: fc.constant('no-such-layout') }),
    nested: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    encoding: fc.oneof(
      { weight: 6, arbitrary: fc.constant<Case['encoding']>('raw') },
      { weight: 3, arbitrary: fc.constant<Case['encoding']>('json') },
      { weight: 1, arbitrary: fc.constantFrom<unknown>({ blob: 5 }, { blob: 'not base64!' }, { blob: 'QUJD' }, { blob: 'QUI=' }, { blob: 'QQ' }, {}, [], null, 'x').map((garbage) => ({ garbage })) },
    ),
    strict: fc.constantFrom(undefined, undefined, 'true', 'false', 'yes'),
    container: fc.oneof({ weight: 9, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('nested', '') }),
    seed: fc.nat(),
  })
  .chain((r) => {
    const revision = revisionOf(r.from) || 0x11e57ed0;
    return (r.nested ? nestedArb(revision) : blobArb(revision)).map(
      (bytes): Case => ({ from: r.from, to: r.to, bytes, encoding: r.encoding, strict: r.strict, container: r.nested ? 'nested-state' : r.container }),
    );
  });

function send(http: HardeningApp['http'], c: Case): Promise<Response> {
  const query = new URLSearchParams();
  if (c.strict !== undefined) {
    query.set('strict', c.strict);
  }
  if (c.container !== undefined) {
    query.set('container', c.container);
  }
  const path = `/convert/${encodeURIComponent(c.from)}/${encodeURIComponent(c.to)}${query.size > 0 ? `?${query}` : ''}`;
  const req = request(http).post(path).buffer(true).parse((res, done) => {
    const parts: Buffer[] = [];
    res.on('data', (chunk: Buffer) => parts.push(chunk));
    res.on('end', () => done(null, Buffer.concat(parts)));
  });
  if (c.encoding === 'raw') {
    return req.set('content-type', 'application/octet-stream').send(Buffer.from(c.bytes));
  }
  const body = c.encoding === 'json' ? { blob: Buffer.from(c.bytes).toString('base64') } : c.encoding.garbage;
  return req.set('content-type', 'application/json').send(JSON.stringify(body));
}

describe('fuzzing POST /convert', () => {
  let t: HardeningApp;
  beforeAll(async () => {
    t = await startHardeningApp();
  });
  afterAll(() => t.close());

  it('converts what the core converts, byte for byte, refuses the rest as the core does, and appends nothing', async () => {
    const log = await logState(t.http);
    const tally = { converted: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const want = expected(c);
        const res = await send(t.http, c);
        const text = (res.body as Buffer).toString('utf8');
        const where = `${res.status} ${res.headers['content-type']} ${text.slice(0, 200)}`;
        if (!want.ok) {
          expect({ status: res.status, where }).toEqual({ status: want.status, where });
          const body = JSON.parse(text) as { error: unknown; message: unknown };
          expect(body).toEqual(expect.objectContaining({ error: want.error, message: want.message ?? expect.any(String) }));
          tally.refused += 1;
          return;
        }
        expect({ status: res.status, where }).toEqual({ status: 200, where });
        if (c.encoding === 'raw') {
          expect(Buffer.compare(res.body as Buffer, Buffer.from(want.output))).toBe(0);
          expect(res.headers['x-lost-fields']).toBe(lostFieldsHeader(want.lost));
        } else {
          const body = JSON.parse(text) as { blob: string; lost: BlobLoss[] };
          expect(Buffer.from(body.blob, 'base64').equals(Buffer.from(want.output))).toBe(true);
          expect(body.lost).toEqual(want.lost.map((l) => ({ ...l })));
        }
        tally.converted += 1;
      }),
      { numRuns: 500 },
    );
    expect([tally.converted, tally.refused].map((n) => n > 20)).toEqual([true, true]);
    expect(await logState(t.http)).toEqual(log);
  });
});
