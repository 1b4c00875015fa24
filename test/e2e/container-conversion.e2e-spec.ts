import { prng } from '../support/layout-factory';
import { fuzzSeed, seedNote } from '../support/fuzz-seed';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

jest.setTimeout(180_000);

// A struct kvm_nested_state converted whole must hold, in its vmcs12 and shadow vmcs12 regions,
// exactly what the bare conversion of those two blobs gives, and lose exactly what they lose:
// over every ordered pair of catalog layouts, with random blobs, through each way a user sends
// one: raw bytes and base64 JSON for every pair; ?strict and GraphQL for a third of the pairs
// (each layout a third of the time as source and as target, with and without a shadow), which
// keeps the suite's minutes of CI in proportion. The bodies reach the converter as Node Buffers, which
// is what the core once aliased (Buffer#slice is a view, not a copy): any test that hands the
// core a Uint8Array, or that uses a pair whose fields stay in place, cannot see that.

interface Loss {
  field: string;
  index?: number | null;
  reason: string;
  region?: string | null;
}
interface LayoutRow {
  name: string;
  size: number;
  revision: string;
}

const SEED = fuzzSeed(0x11e57ed0);
const VMCS = 4096;
const HEADER = 128;
const DENSITIES = [0, 0.01, 0.3, 1];

function randomBlob(rand: () => number, revision: number, density: number): Buffer {
  const b = Buffer.alloc(VMCS);
  for (let i = 4; i < VMCS; i++) {
    b[i] = rand() < density ? Math.floor(rand() * 256) : 0;
  }
  b.writeUInt32LE(revision >>> 0, 0);
  return b;
}

// The selftest's starting point (vmxon 0x1000, vmcs12 0x2000), guest mode or not, with random
// bytes in the rest of the 128-byte header that KVM does not check: they must come back as sent.
function container(rand: () => number, vmcs12: Buffer, shadow: Buffer | undefined): Buffer {
  const size = HEADER + VMCS * (shadow ? 2 : 1);
  const c = Buffer.alloc(size);
  for (let i = 40; i < HEADER; i++) {
    c[i] = Math.floor(rand() * 256);
  }
  c.writeUInt16LE(rand() < 0.5 ? 1 : 0, 0); // flags: GUEST_MODE or none
  c.writeUInt16LE(0, 2); // VMX
  c.writeUInt32LE(size, 4);
  c.writeBigUInt64LE(0x1000n, 8);
  c.writeBigUInt64LE(0x2000n, 16);
  c.writeUInt16LE(0, 24);
  c.writeUInt32LE(0, 28);
  c.writeBigUInt64LE(BigInt(Math.floor(rand() * 2 ** 32)), 32);
  vmcs12.copy(c, HEADER);
  shadow?.copy(c, HEADER + VMCS);
  return c;
}

const lossName = (l: Loss): string => (l.index === undefined || l.index === null ? l.field : `${l.field}[${l.index}]`);
// GraphQL answers index: null where JSON leaves it out.
const normalized = (lost: Loss[]): Loss[] =>
  lost.map((l) => ({ field: l.field, reason: l.reason, ...(l.index === undefined || l.index === null ? {} : { index: l.index }), ...(l.region ? { region: l.region } : {}) }));

const CONVERT = `mutation ($from: String!, $to: String!, $blob: String!, $strict: Boolean!) {
  convert(from: $from, to: $to, blob: $blob, strict: $strict, container: "nested-state") { blob lost { field index reason region } }
}`;

describe('container conversion equals the bare conversion of its regions', () => {
  let t: TestApp;
  let layouts: LayoutRow[];

  beforeAll(async () => {
    // ~2,400 requests from one client: the per-client rate limit is not what this tests.
    t = await startTestApp({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    layouts = (await (await fetch(`${t.url}/layouts`)).json()) as LayoutRow[];
  });
  afterAll(() => t.close());

  const post = async (path: string, type: string, body: Buffer | string): Promise<Response> =>
    fetch(`${t.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });
  const postJson = async (path: string, value: unknown): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await post(path, 'application/json', JSON.stringify(value));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const bare = async (from: string, to: string, blob: Buffer): Promise<{ blob: Buffer; lost: Loss[] }> => {
    const { status, body } = await postJson(`/convert/${from}/${to}`, { blob: blob.toString('base64') });
    expect({ from, to, status, body: status === 200 ? 'ok' : body }).toEqual({ from, to, status: 200, body: 'ok' });
    return { blob: Buffer.from(body.blob as string, 'base64'), lost: body.lost as Loss[] };
  };

  it('covers the whole catalog', () => {
    expect(layouts.length).toBeGreaterThanOrEqual(20);
    expect(layouts.every((l) => l.size === VMCS)).toBe(true);
  });

  it('over every ordered pair, raw and JSON; strict and GraphQL on a third of them', async () => {
    const rand = prng(SEED);
    let lossy = 0;
    let moved = 0;
    let refused = 0; // strict conversions refused for their losses
    for (const [i, a] of layouts.entries()) {
      for (const [j, b] of layouts.entries()) {
        const where = `${a.name} -> ${b.name}, ${seedNote(SEED)}`;
        const revision = Number(a.revision);
        const density = DENSITIES[(i + j) % DENSITIES.length] as number;
        const vmcs12 = randomBlob(rand, revision, density);
        const shadow = (i + j) % 3 === 0 ? undefined : randomBlob(rand, (revision | 0x8000_0000) >>> 0, density);
        const state = container(rand, vmcs12, shadow);

        const regions = [{ region: 'vmcs12', at: HEADER, want: await bare(a.name, b.name, vmcs12) }];
        if (shadow) {
          regions.push({ region: 'shadow_vmcs12', at: HEADER + VMCS, want: await bare(a.name, b.name, shadow) });
        }
        const expected = Buffer.from(state);
        regions.forEach((r) => r.want.blob.copy(expected, r.at));
        const lost = regions.flatMap((r) => r.want.lost.map((l) => ({ ...l, region: r.region })));
        lossy += lost.length > 0 ? 1 : 0;
        moved += regions.some((r) => !r.want.blob.subarray(4).equals(state.subarray(r.at + 4, r.at + VMCS))) ? 1 : 0;

        const path = `/convert/${a.name}/${b.name}?container=nested-state`;
        const raw = await post(path, 'application/octet-stream', state);
        const rawBytes = Buffer.from(await raw.arrayBuffer());
        expect({ where, status: raw.status, equal: rawBytes.equals(expected), lost: raw.headers.get('x-lost-fields') }).toEqual({
          where,
          status: 200,
          equal: true,
          lost: lost.map(lossName).join(','),
        });

        const json = await postJson(path, { blob: state.toString('base64') });
        expect({ where, status: json.status, equal: Buffer.from(String(json.body.blob), 'base64').equals(expected), lost: json.body.lost }).toEqual({
          where,
          status: 200,
          equal: true,
          lost,
        });

        if ((i + 2 * j) % 3 !== 0) {
          continue;
        }
        const strict = await post(`${path}&strict=true`, 'application/octet-stream', state);
        const strictBody = Buffer.from(await strict.arrayBuffer());
        if (lost.length === 0) {
          expect({ where, status: strict.status, equal: strictBody.equals(expected) }).toEqual({ where, status: 200, equal: true });
        } else {
          refused += 1;
          const refusal = JSON.parse(strictBody.toString('utf8')) as { error: string; lost: Loss[] };
          expect({ where, status: strict.status, error: refusal.error, lost: refusal.lost }).toEqual({ where, status: 422, error: 'lossy_conversion', lost });
        }

        const gql = await postJson('/graphql', { query: CONVERT, variables: { from: a.name, to: b.name, blob: state.toString('base64'), strict: false } });
        const data = (gql.body.data as { convert: { blob: string; lost: Loss[] } } | null)?.convert;
        expect({ where, errors: gql.body.errors, equal: Buffer.from(data?.blob ?? '', 'base64').equals(expected), lost: normalized(data?.lost ?? []) }).toEqual({
          where,
          errors: undefined,
          equal: true,
          lost,
        });
      }
    }
    // The property means something only if pairs moved fields and lost values.
    expect(moved).toBeGreaterThan(layouts.length * 5);
    expect(lossy).toBeGreaterThan(layouts.length * 5);
    expect(refused).toBeGreaterThan(layouts.length);
  });
});
