import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// Mutations from loopback with WRITE_TOKENS unset (writes allowed, as over REST), and every
// refusal as a GraphQL error carrying REST's kind and details in its extensions.

interface GqlError {
  message: string;
  locations?: { line: number; column: number }[];
  path?: string[];
  extensions: Record<string, unknown>;
}
interface GqlBody<T> {
  data: T | null;
  errors?: GqlError[];
}

const REV = 0x11e57ed0;
const SMALL = (extra = '') => `struct __packed vmcs12 {
\tu32 revision_id;
\tu32 abort;
\tu64 io_bitmap_a;${extra}
};
#define VMCS12_REVISION 0x00abcdef
`;
const REGISTER = `mutation ($input: RegisterLayoutInput!) {
  registerLayout(input: $input) { created layout { name revision size fingerprint format fieldCount fields { name offset role line column } } }
}`;

function blob(revision: number, writes: [offset: number, value: bigint][] = []): string {
  const b = Buffer.alloc(4096);
  b.writeUInt32LE(revision >>> 0, 0);
  for (const [offset, value] of writes) {
    b.writeBigUInt64LE(value, offset);
  }
  return b.toString('base64');
}

describe('GraphQL mutations and errors', () => {
  let t: TestApp;
  const post = async <T>(query: string, variables?: Record<string, unknown>, status = 200): Promise<GqlBody<T>> =>
    (await request(t.http).post('/graphql').send({ query, variables }).expect(status)).body as GqlBody<T>;
  const ok = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const body = await post<T>(query, variables);
    expect(body.errors).toBeUndefined();
    return body.data as T;
  };
  const failure = async (query: string, variables?: Record<string, unknown>, status = 200): Promise<GqlError> => {
    const body = await post(query, variables, status);
    expect(body.errors).toHaveLength(1);
    return (body.errors as GqlError[])[0] as GqlError;
  };
  const eventCount = async (): Promise<number> => (await ok<{ verifyChain: { events: number } }>('{ verifyChain { events } }')).verifyChain.events;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('registerLayout', () => {
    it('creates a C layout, then answers the same content as not created, with no new event', async () => {
      type R = { registerLayout: { created: boolean; layout: { fingerprint: string; fields: unknown[] } & Record<string, unknown> } };
      const first = await ok<R>(REGISTER, { input: { name: 'small-one', format: 'c', source: SMALL(), kernel: '6.1' } });
      expect(first.registerLayout.created).toBe(true);
      expect(first.registerLayout.layout).toMatchObject({ name: 'small-one', revision: '0x00abcdef', size: 4096, format: 'c', fieldCount: 3 });
      expect(first.registerLayout.layout.fields[2]).toEqual({ name: 'io_bitmap_a', offset: 8, role: 'data', line: 4, column: 6 });
      const before = await eventCount();
      const again = await ok<R>(REGISTER, { input: { name: 'small-one', source: `/* reformatted */ ${SMALL()}` } });
      expect(again.registerLayout).toMatchObject({ created: false, layout: { fingerprint: first.registerLayout.layout.fingerprint } });
      expect(await eventCount()).toBe(before);
      const viaRest = await request(t.http).get('/layouts/small-one').expect(200);
      expect(viaRest.body.kernel).toBe('6.1');
    });

    it('gives the JSON form the fingerprint of the C form', async () => {
      type R = { registerLayout: { created: boolean; layout: { fingerprint: string } } };
      const c = await ok<R>(REGISTER, { input: { name: 'as-c', source: SMALL('\n\tu16 x;') } });
      const fields = [
        { name: 'revision_id', type: 'u32', offset: 0 },
        { name: 'abort', type: 'u32', offset: 4, count: null, role: null },
        { name: 'io_bitmap_a', type: 'u64', offset: 8, size: 8 },
        { name: 'x', type: 'u16', offset: 16, role: 'data' },
      ];
      const j = await ok<R>(REGISTER, { input: { name: 'as-json', format: 'json', revision: '0x00abcdef', size: 4096, fields } });
      expect(j.registerLayout).toMatchObject({ created: true, layout: { format: 'json', fingerprint: c.registerLayout.layout.fingerprint } });
    });

    it('answers a C syntax error with BAD_USER_INPUT, line and column, and registers nothing', async () => {
      const before = await eventCount();
      const err = await failure(REGISTER, { input: { name: 'broken', source: 'struct __packed vmcs12 {\n  u32 revision_id;\n  u33 abort;\n};' } });
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'parse_error', line: 3, column: 3 });
      expect(err.path).toEqual(['registerLayout']);
      expect(await eventCount()).toBe(before);
    });

    it('refuses the same name with other content with CONFLICT naming the layout', async () => {
      await ok(REGISTER, { input: { name: 'small-two', source: SMALL() } });
      const err = await failure(REGISTER, {
        input: { name: 'small-two', format: 'json', revision: '0x00abcdef', size: 4096, fields: [{ name: 'revision_id', type: 'U32'.toLowerCase(), offset: 0 }] },
      });
      expect(err.extensions).toMatchObject({ code: 'CONFLICT', error: 'conflict', name: 'small-two' });
    });

    it('refuses a reorder under an unchanged revision id with CONFLICT and the findings', async () => {
      const reordered = `struct __packed vmcs12 {\n u32 revision_id;\n u64 io_bitmap_a;\n u32 abort;\n};\n#define VMCS12_REVISION 0x00abcdef\n`;
      const err = await failure(REGISTER, { input: { name: 'reordered', source: reordered } });
      expect(err.extensions).toMatchObject({ code: 'CONFLICT', error: 'policy_violation' });
      // Grouped per reference layout, as REST's 409 body.
      const groups = err.extensions.findings as { reference: string; findings: { rule: string }[] }[];
      expect(groups.flatMap((g) => g.findings).some((f) => f.rule === 'REVISION_CONFLICT')).toBe(true);
    });

    it('refuses a 32-bit revision id and a bad name with BAD_USER_INPUT naming the member', async () => {
      const rev = await failure(REGISTER, { input: { name: 'big-rev', source: SMALL(), revision: '0x80000000' } });
      expect(rev.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_input', field: 'revision' });
      expect(rev.message).toMatch(/31 bits/);
      const name = await failure(REGISTER, { input: { name: 'Not A Slug', source: SMALL() } });
      expect(name.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    });
  });

  describe('deprecateLayout', () => {
    it('deprecates a layout, which stays readable and convertible', async () => {
      const { deprecateLayout } = await ok<{ deprecateLayout: Record<string, unknown> }>(
        `mutation { deprecateLayout(name: "small-one", reason: "superseded") { name deprecated deprecationReason } }`,
      );
      expect(deprecateLayout).toEqual({ name: 'small-one', deprecated: true, deprecationReason: 'superseded' });
      const { layouts } = await ok<{ layouts: { name: string }[] }>(`{ layouts(deprecated: true) { name } }`);
      expect(layouts.map((l) => l.name)).toEqual(['small-one']);
      const { convert } = await ok<{ convert: { lost: unknown[] } }>(
        `mutation ($b: String!) { convert(from: "small-one", to: "small-two", blob: $b) { lost { field } } }`,
        { b: blob(0x00abcdef) },
      );
      expect(convert.lost).toEqual([]);
    });

    it('answers NOT_FOUND for an unknown layout and BAD_USER_INPUT for an empty reason', async () => {
      const missing = await failure(`mutation { deprecateLayout(name: "nope", reason: "x") { name } }`);
      expect(missing.extensions).toMatchObject({ code: 'NOT_FOUND', error: 'not_found', name: 'nope' });
      const empty = await failure(`mutation { deprecateLayout(name: "small-one", reason: " ") { name } }`);
      expect(empty.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    });
  });

  describe('convert', () => {
    const CONVERT = `mutation ($from: String!, $to: String!, $blob: String!, $strict: Boolean) {
      convert(from: $from, to: $to, blob: $blob, strict: $strict) { blob lost { field index reason } planId fromFingerprint toFingerprint }
    }`;
    type Converted = { convert: { blob: string; lost: unknown[]; planId: string; fromFingerprint: string; toFingerprint: string } };

    it('reports a non-zero vmread_bitmap lost from 4.17 to 4.4, keeps shadow_vmcs, and names plan and fingerprints', async () => {
      const input = blob(REV | 0x8000_0000, [
        [280, 0x1234n], // vmread_bitmap in 4.17: absent from 4.4
        [40, 0xdeadbeefn], // io_bitmap_a in both
      ]);
      const { convert } = await ok<Converted>(CONVERT, { from: 'linux-v4.17-pinned', to: 'linux-v4.4', blob: input });
      expect(convert.lost).toEqual([{ field: 'vmread_bitmap', index: null, reason: 'absent' }]);
      const out = Buffer.from(convert.blob, 'base64');
      expect(out).toHaveLength(4096);
      expect(out.readUInt32LE(0)).toBe((REV | 0x8000_0000) >>> 0);
      expect(out.readBigUInt64LE(40)).toBe(0xdeadbeefn);
      expect(out.readBigUInt64LE(280)).toBe(0n);
      expect(convert.planId).toMatch(/^sha256:[0-9a-f]{64}$/);
      const { a, b, plan } = await ok<{ a: { fingerprint: string }; b: { fingerprint: string }; plan: { id: string } }>(
        `{ a: layout(name: "linux-v4.17-pinned") { fingerprint } b: layout(name: "linux-v4.4") { fingerprint } plan(from: "linux-v4.17-pinned", to: "linux-v4.4") { id } }`,
      );
      expect(convert).toMatchObject({ fromFingerprint: a.fingerprint, toFingerprint: b.fingerprint, planId: plan.id });
      const viaRest = await request(t.http).post('/convert/linux-v4.17-pinned/linux-v4.4').send({ blob: input }).expect(200);
      expect(viaRest.body).toEqual({ ...convert, lost: [{ field: 'vmread_bitmap', reason: 'absent' }] });
    });

    it('refuses loss in strict mode with BAD_USER_INPUT listing what would be lost', async () => {
      const err = await failure(CONVERT, { from: 'linux-v4.17-pinned', to: 'linux-v4.4', blob: blob(REV, [[280, 7n]]), strict: true });
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'lossy_conversion', lost: [{ field: 'vmread_bitmap', reason: 'absent' }] });
    });

    it('refuses a blob of the wrong revision or size with the byte offset, and bad base64', async () => {
      const wrong = await failure(CONVERT, { from: 'linux-v4.4', to: 'linux-v4.17-pinned', blob: blob(0x11e586b1) });
      expect(wrong.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_blob', offset: 0 });
      const short = await failure(CONVERT, { from: 'linux-v4.4', to: 'linux-v4.17-pinned', blob: Buffer.alloc(100).toString('base64') });
      expect(short.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_blob', offset: 100, expected: 4096, actual: 100 });
      const garbage = await failure(CONVERT, { from: 'linux-v4.4', to: 'linux-v4.17-pinned', blob: 'not base64!' });
      expect(garbage.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_input', field: 'blob' });
      const unknown = await failure(CONVERT, { from: 'linux-v4.4', to: 'nope', blob: blob(REV) });
      expect(unknown.extensions).toMatchObject({ code: 'NOT_FOUND', name: 'nope' });
    });
  });

  describe('convert a kvm_nested_state container', () => {
    it('converts the vmcs12 inside, keeps the header, and refuses an unknown container', async () => {
      const state = Buffer.alloc(128 + 4096);
      state.writeUInt16LE(0, 2); // format VMX
      state.writeUInt32LE(state.length, 4);
      state.writeBigUInt64LE(0x1000n, 8); // vmxon_pa
      state.writeBigUInt64LE(0x2000n, 16); // vmcs12_pa
      Buffer.from(blob(REV, [[40, 0xabcn]]), 'base64').copy(state, 128);
      const NESTED = `mutation ($b: String!, $c: String) { convert(from: "linux-v4.4", to: "linux-v4.17-pinned", blob: $b, container: $c) { blob lost { field } } }`;
      const { convert } = await ok<{ convert: { blob: string; lost: unknown[] } }>(NESTED, { b: state.toString('base64'), c: 'nested-state' });
      const out = Buffer.from(convert.blob, 'base64');
      expect(out.subarray(0, 128).equals(state.subarray(0, 128))).toBe(true);
      expect(out.readBigUInt64LE(128 + 40)).toBe(0xabcn);
      const bad = await failure(NESTED, { b: state.toString('base64'), c: 'zip' });
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'container' });
    });
  });

  describe('aliases and policy', () => {
    it('declares a rename once, lists it, and refuses a non-identifier', async () => {
      const DECLARE = `mutation { declareAlias(from: "vm_entry_intr_info", to: "vm_entry_intr_info_field") { from to created } }`;
      expect((await ok<{ declareAlias: unknown }>(DECLARE)).declareAlias).toEqual({ from: 'vm_entry_intr_info', to: 'vm_entry_intr_info_field', created: true });
      expect((await ok<{ declareAlias: { created: boolean } }>(DECLARE)).declareAlias.created).toBe(false);
      const { aliases } = await ok<{ aliases: { from: string; to: string; position: number }[] }>(`{ aliases { from to position } }`);
      expect(aliases).toEqual([{ from: 'vm_entry_intr_info', to: 'vm_entry_intr_info_field', position: expect.any(Number) }]);
      const bad = await failure(`mutation { declareAlias(from: "1x", to: "y") { from } }`);
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_input' });
    });

    it('sets the policy, which then gates registrations, and refuses an unknown rule', async () => {
      const SET = `mutation ($p: PolicyInput!) { setPolicy(input: $p) { mode transitive sameRevision position } }`;
      const { setPolicy } = await ok<{ setPolicy: { position: number } }>(SET, { p: { mode: 'backward', transitive: false, sameRevision: 'in-place' } });
      expect(setPolicy).toMatchObject({ mode: 'backward', transitive: false, sameRevision: 'in-place' });
      expect(setPolicy.position).toBeGreaterThan(0);
      expect((await ok<{ policy: unknown }>(`{ policy { mode transitive sameRevision position } }`)).policy).toEqual(setPolicy);
      // A layout that drops io_bitmap_a loses data against the latest: refused under backward.
      const dropped = `struct __packed vmcs12 {\n u32 revision_id;\n u32 abort;\n};\n#define VMCS12_REVISION 0x00abcd01\n`;
      const refused = await failure(REGISTER, { input: { name: 'dropped', source: dropped } });
      expect(refused.extensions).toMatchObject({ code: 'CONFLICT', error: 'policy_violation' });
      const bad = await failure(SET, { p: { mode: 'full', transitive: true, sameRevision: 'sideways' } });
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', error: 'invalid_input' });
      expect(bad.extensions.problems).toEqual(['sameRevision must be one of in-place, in-place-all, any']);
      await ok(SET, { p: { mode: 'none', transitive: false, sameRevision: 'in-place' } });
    });
  });

  describe('errors and limits', () => {
    it('answers NOT_FOUND with the name for an unknown layout or pair', async () => {
      const body = await post(`{ layout(name: "nope") { name } }`);
      expect(body.data).toBeNull();
      expect(body.errors?.[0]?.extensions).toEqual({ code: 'NOT_FOUND', error: 'not_found', name: 'nope' });
      const pair = await failure(`{ compatibility(from: "linux-v4.4", to: "nope") { verdict } }`);
      expect(pair.extensions).toMatchObject({ code: 'NOT_FOUND', name: 'nope' });
      const matrix = await failure(`{ matrix(names: ["linux-v4.4", "nope"]) { layouts } }`);
      expect(matrix.extensions).toMatchObject({ code: 'NOT_FOUND', name: 'nope' });
    });

    it('keeps the answers next to an error: one missing layout does not hide the others', async () => {
      const body = await post<{ layouts: { name: string; compatibility: unknown }[] }>(
        `{ layouts(revision: "0x11e586b1") { name compatibility(to: "nope") { verdict } } ok: layout(name: "linux-v4.4") { name } }`,
      );
      expect(body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect(body.data).toBeNull(); // compatibility is non-null, so the error reaches the root
    });

    it('answers a GraphQL syntax error with 400, its line and column', async () => {
      const err = await failure('{\n  layouts {\n    name\n  ', undefined, 400);
      expect(err.extensions.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(err.locations).toEqual([{ line: 4, column: 3 }]);
    });

    it('answers a body that is not JSON with 400 as a GraphQL error, not a REST one', async () => {
      const res = await request(t.http).post('/graphql').set('content-type', 'application/json').send('{"query": ').expect(400);
      expect(res.body).toEqual({ data: null, errors: [expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })] });
    });

    it.each([false, 1, '1e3', '[]', '{"kind": "Document"}'])('answers a query that is not GraphQL text (%j) with 400, not a server error', async (query) => {
      const res = await request(t.http).post('/graphql').send({ query }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ extensions: { code: 'BAD_REQUEST' } })]);
    });

    it('answers a query that does not fit the schema with 400 and GRAPHQL_VALIDATION_FAILED', async () => {
      const err = await failure('{ layouts { nme } }', undefined, 400);
      expect(err.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(err.message).toMatch(/nme/);
    });

    it('refuses an out-of-range page with BAD_USER_INPUT', async () => {
      const err = await failure('{ events(limit: 5000) { position } }');
      expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'limit' });
    });

    it('refuses aliased copies of the whole catalog by estimated complexity, before running them', async () => {
      const copy = (i: number) => `c${i}: layouts { name fields { name type count offset size role } }`;
      await ok(`{ ${copy(0)} }`);
      const err = await failure(`{ ${[0, 1, 2, 3, 4].map(copy).join(' ')} }`, undefined, 400);
      expect(err.extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 250_000 });
      expect(err.extensions.complexity).toBeGreaterThan(250_000);
      expect(err.message).toMatch(/exceeds the limit/);
      // A page size given as a variable is unknown until execution: it is costed at its largest.
      const pages = (limit: string) => ['a', 'b', 'c', 'd', 'e'].map((a) => `${a}: events(limit: ${limit}) { position type data metadata recordedAt hash }`).join(' ');
      await ok(`{ ${pages('1')} }`);
      const err2 = await failure(`query ($n: Int!) { ${pages('$n')} }`, { n: 1 }, 400);
      expect(err2.extensions.code).toBe('QUERY_TOO_COMPLEX');
    });

    it('accepts the standard introspection query and refuses deeper nesting', async () => {
      const { getIntrospectionQuery } = await import('graphql');
      await ok(getIntrospectionQuery());
      let deep = 'name';
      for (let i = 0; i < 14; i++) {
        deep = `ofType { ${deep} }`;
      }
      const err = await failure(`{ __schema { types { fields { type { ${deep} } } } } }`, undefined, 400);
      expect(err.extensions.code).toBe('QUERY_TOO_DEEP');
    });
  });
});
