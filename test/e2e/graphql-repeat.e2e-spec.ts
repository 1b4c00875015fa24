import request from 'supertest';
import type { DocumentNode } from 'graphql';
import { parse, print } from 'graphql';
import type * as GraphqlJit from 'graphql-jit';
import { pollUntil } from '../support/poll-until';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// A query text /graphql has seen before skips parsing and validation (mercurius's cache), and
// the second time is compiled by graphql-jit (graphql/jit.ts). Neither may change an answer:
// each request is sent four times and the four answers (status and body) must be the same. The
// compiler is watched, so a case that answers the same only because nothing was compiled
// cannot pass unnoticed. (Without jitGate's variable check this fails: the request that
// compiles a query skips graphql-js's variable checks in mercurius, and answered a wrong-typed
// variable with graphql-jit's message.)
const compiled: Array<{ query: string; ok: boolean }> = [];
jest.mock('graphql-jit', () => {
  const real = jest.requireActual<typeof GraphqlJit>('graphql-jit');
  return {
    ...real,
    compileQuery: (...args: Parameters<typeof real.compileQuery>) => {
      const result = real.compileQuery(...args);
      compiled.push({ query: print(args[1] as DocumentNode), ok: real.isCompiledQuery(result as Parameters<typeof real.isCompiledQuery>[0]) });
      return result;
    },
  };
});

const REPORT = `verdict inPlace revisionConflict
  lost { name type count offset encoding reason } added { name type count offset encoding }
  moved { name fromName fromOffset toOffset encoding }
  resized { name fromName fromType toType fromCount toCount encoding }
  findings { rule severity field message fromOffset toOffset line column encoding }`;

const blob = (revision: number): string => {
  const b = Buffer.alloc(4096);
  for (let i = 4; i < b.length; i += 8) {
    b.writeUInt32LE((i * 2654435761) >>> 0, i);
  }
  b.writeUInt32LE(revision, 0);
  return b.toString('base64');
};

const CASES: Array<[string, string, Record<string, unknown>?]> = [
  ['the load bench query', '{ compatibility(from: "linux-v4.14", to: "linux-v4.17-pinned") { verdict inPlace revisionConflict lost { name offset } } }'],
  ['a whole report through variables', `query ($a: String!, $b: String!) { compatibility(from: $a, to: $b) { from to ${REPORT} } }`, { a: 'linux-v4.14', b: 'linux-v4.17-pinned' }],
  ['layouts with fields, bitfields and nulls', '{ layouts(revision: "0x11e57ed0") { name revision deprecated deprecationReason provenance { tree commit } fields { name offset bitfields { name bits } } } }'],
  ['a plan, ops flat', '{ plan(from: "linux-v4.14", to: "linux-v4.17-pinned") { id copyRuns bytesCopied ops { op from to length field fromWidth toWidth count value } absent { field from width count firstIndex array } } }'],
  ['the matrix for chosen names', '{ matrix(names: ["linux-v4.14", "linux-v4.17-pinned", "linux-v4.4"]) { layouts verdicts conflicts } }'],
  ['history steps', '{ history { layout { name } previous { verdict lostCount summary findingCounts { rule severity count } } } }'],
  ['an unknown layout (an error with extensions)', '{ compatibility(from: "linux-v4.14", to: "no-such-layout") { verdict } }'],
  ['a partial answer: one alias fails, one succeeds', '{ ok: compatibility(from: "linux-v4.4", to: "linux-v4.17-pinned") { verdict } bad: compatibility(from: "nope", to: "linux-v4.4") { verdict } }'],
  ['a variable of the wrong type', 'query ($a: String!) { compatibility(from: $a, to: "linux-v4.4") { verdict } }', { a: 12 }],
  ['a missing required variable', 'query ($a: String!) { compatibility(from: $a, to: "linux-v4.4") { verdict } }', {}],
  ['a conversion', 'mutation ($b: String!) { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: $b) { blob lost { field index reason region } planId fromFingerprint toFingerprint } }', { b: blob(0x11e57ed0) }],
  ['a conversion the converter refuses', 'mutation ($b: String!) { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: $b, strict: true) { blob } }', { b: blob(0x11e57ed0) }],
  ['a query over the complexity limit', '{ layouts(revision: "0x11e57ed0") { name fields { name type count offset size role encoding bitfields { name bits } } } }'],
  ['a field the type does not have', '{ compatibility(from: "linux-v4.14", to: "linux-v4.4") { verdict value } }'],
  ['a document too large to compile (123 selections)', `{ ${['a', 'b', 'c'].map((k) => `${k}: compatibility(from: "linux-v4.${k === 'a' ? 14 : 4}", to: "linux-v4.17-pinned") { ${REPORT} }`).join(' ')} }`],
  ['a blob of the wrong size', 'mutation { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: "AAAA") { blob } }'],
];

describe('GraphQL answers to a repeated query', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cases = CASES.map(([name, query, variables]) => ({ name, query, variables }));
  // Mercurius refuses these before either executor runs (a document that fails validation,
  // the limits included, is cached as an error; graphql-js checks variables on every request),
  // so they never reach the compiler; and documents above JIT_MAX_SELECTIONS are kept from it.
  // Everything else must be compiled.
  const NEVER_COMPILED = new Set([
    'a variable of the wrong type',
    'a missing required variable',
    'a query over the complexity limit',
    'a field the type does not have',
    'a document too large to compile (123 selections)',
  ]);

  it.each(cases)('$name: the same answer each of four times, the later ones compiled', async ({ name, query, variables }) => {
    const text = print(parse(query));
    const compiledOk = (): number => compiled.filter((c) => c.ok && c.query === text).length;
    const answers = [];
    for (let i = 0; i < 4; i++) {
      const res = await request(t.http).post('/graphql').send({ query, variables });
      answers.push({ status: res.status, body: res.body as unknown });
      if (i === 1 && !NEVER_COMPILED.has(name)) {
        // The second sight queues the compile for a turn when the loop is not saturated.
        await pollUntil('graphql-jit to compile the query', compiledOk, (n) => n === 1, { timeoutMs: 5_000, intervalMs: 10 });
      }
    }
    for (const later of answers.slice(1)) {
      expect(later).toEqual(answers[0]);
    }
    expect(compiledOk()).toBe(NEVER_COMPILED.has(name) ? 0 : 1);
  });
});
