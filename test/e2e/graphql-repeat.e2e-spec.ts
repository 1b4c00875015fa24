import request from 'supertest';
import { startTestApp } from '../support/test-app';
import type { TestApp } from '../support/test-app';

// A query text /graphql has seen before skips parsing and validation (mercurius's cache), and
// would be compiled by graphql-jit if `jit` were set. Neither may change an answer: each
// request is sent three times and the three answers (status and body) must be the same. (With
// `jit: 1` this failed: compiled queries answered a wrong-typed variable with another message,
// and several never answered at all, so /graphql stays on graphql-js.)
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
  ['layouts with fields, bitfields and nulls', '{ layouts(revision: "0x11e57ed0") { name revision deprecated deprecationReason provenance { tree commit } fields { name type count offset size role encoding bitfields { name bits } } } }'],
  ['a plan, ops flat', '{ plan(from: "linux-v4.14", to: "linux-v4.17-pinned") { id copyRuns bytesCopied ops { op from to length field fromWidth toWidth count value } absent { field from width count firstIndex array } } }'],
  ['the matrix for chosen names', '{ matrix(names: ["linux-v4.14", "linux-v4.17-pinned", "linux-v4.4"]) { layouts verdicts conflicts } }'],
  ['history steps', '{ history { layout { name } previous { verdict lostCount summary findingCounts { rule severity count } } } }'],
  ['an unknown layout (an error with extensions)', '{ compatibility(from: "linux-v4.14", to: "no-such-layout") { verdict } }'],
  ['a partial answer: one alias fails, one succeeds', '{ ok: compatibility(from: "linux-v4.4", to: "linux-v4.17-pinned") { verdict } bad: compatibility(from: "nope", to: "linux-v4.4") { verdict } }'],
  ['a variable of the wrong type', 'query ($a: String!) { compatibility(from: $a, to: "linux-v4.4") { verdict } }', { a: 12 }],
  ['a missing required variable', 'query ($a: String!) { compatibility(from: $a, to: "linux-v4.4") { verdict } }', {}],
  ['a conversion', 'mutation ($b: String!) { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: $b) { blob lost { field index value } planId fromFingerprint toFingerprint } }', { b: blob(0x11e57ed0) }],
  ['a conversion the converter refuses', 'mutation ($b: String!) { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: $b, strict: true) { blob } }', { b: blob(0x11e57ed0) }],
  ['a blob of the wrong size', 'mutation { convert(from: "linux-v4.14", to: "linux-v4.17-pinned", blob: "AAAA") { blob } }'],
];

describe('GraphQL answers to a repeated query', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const cases = CASES.map(([name, query, variables]) => ({ name, query, variables }));
  it.each(cases)('$name: the same answer the first, second and third time', async ({ query, variables }) => {
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const res = await request(t.http).post('/graphql').send({ query, variables });
      answers.push({ status: res.status, body: res.body as unknown });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
  });
});
