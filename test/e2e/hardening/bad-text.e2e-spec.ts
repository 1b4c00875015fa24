import { logState } from './support/event-log';
import type { LogState } from './support/event-log';
import { startHardeningApp } from './support/hardening-app';
import type { HardeningApp } from './support/hardening-app';

jest.setTimeout(120_000);

// Text no database column can hold (a NUL, a lone UTF-16 surrogate), text without bound, and
// nesting without bound, in every string a client can send: each is a 400 that names the field
// (line and column inside C text), over REST and GraphQL alike, logged as a client error and
// never appended to the log. A name lookup of a name that cannot exist is a 404.
//
// Bodies are written as JSON text: `\u0000` and `\ud800` are how a client sends them (a lone
// surrogate has no UTF-8 form, so only the escape can carry it).

const NUL = '\\u0000';
const LONE = '\\ud800';
const BAD: ReadonlyArray<[what: string, escape: string]> = [
  ['a NUL', NUL],
  ['a lone surrogate', LONE],
];

const C_SOURCE = (inside: string): string =>
  `struct __packed vmcs12 {\\n\\tu32 revision_id; /* ${inside} */\\n\\tu32 abort;\\n\\tu64 io_bitmap_a;\\n};\\n#define VMCS12_REVISION 0x00abcdef\\n`;
const JSON_FIELDS = (extra = '', bitfield = 'x'): string =>
  `[{"name":"revision_id","type":"u32","offset":0},{"name":"abort","type":"u32","offset":4},` +
  `{"name":"io_bitmap_a","type":"u64","offset":8${extra}},{"name":"flags","type":"u32","offset":16,"bitfields":[{"name":"${bitfield}","bits":3}]}]`;
const JSON_LAYOUT = (name: string, rest = ''): string => `{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS()}${rest}}`;

interface RestCase {
  what: string;
  method: 'POST' | 'PUT';
  path: string;
  body: string;
  field: string | RegExp;
  line?: number;
  column?: number;
}

function restCases(): RestCase[] {
  const cases: RestCase[] = [];
  BAD.forEach(([what, bad], i) => {
    const name = `bad-text-${i}`;
    cases.push(
      { what: `${what} in a layout name`, method: 'POST', path: '/layouts', body: JSON_LAYOUT(`a${bad}b`), field: 'name' },
      { what: `${what} in C text inside a comment`, method: 'POST', path: '/layouts', body: `{"name":"${name}","source":"${C_SOURCE(`x${bad}`)}"}`, field: 'source', line: 2, column: 23 },
      {
        what: `${what} in a JSON layout's field name`,
        method: 'POST',
        path: '/layouts',
        body: `{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS().replace('"abort"', `"ab${bad}ort"`)}}`,
        field: 'fields[1].name',
      },
      {
        what: `${what} in a bitfield name`,
        method: 'POST',
        path: '/layouts',
        body: `{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS('', `b${bad}`)}}`,
        field: 'fields[3].bitfields[0].name',
      },
      {
        what: `${what} in the key of an extra member of a field`,
        method: 'POST',
        path: '/layouts',
        body: `{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS(`,"n${bad}te":1`)}}`,
        field: /^fields\[2\]/,
      },
      {
        what: `${what} in the value of an extra member of a field`,
        method: 'POST',
        path: '/layouts',
        body: `{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS(`,"note":"n${bad}"`)}}`,
        field: 'fields[2].note',
      },
      ...(['kernel', 'tree', 'commit', 'changes'] as const).map(
        (key): RestCase => ({ what: `${what} in ${key}`, method: 'POST', path: '/layouts', body: JSON_LAYOUT(name, `,"${key}":"v${bad}"`), field: key }),
      ),
      { what: `${what} in a deprecation reason`, method: 'POST', path: '/layouts/linux-v3.1/deprecate', body: `{"reason":"old${bad}"}`, field: 'reason' },
      ...(['kernel', 'commit', 'notes'] as const).map(
        (key): RestCase => ({ what: `${what} in an annotation's ${key}`, method: 'POST', path: '/layouts/linux-v3.1/annotations', body: `{"${key}":"v${bad}"}`, field: key }),
      ),
      { what: `${what} in an alias's from`, method: 'POST', path: '/aliases', body: `{"from":"a${bad}","to":"b"}`, field: 'from' },
      { what: `${what} in an alias's to`, method: 'POST', path: '/aliases', body: `{"from":"a","to":"b${bad}"}`, field: 'to' },
    );
  });
  const deepUnions = `struct __packed vmcs12 {\\n\\tu32 revision_id;\\n${'union {\\n'.repeat(5000)}u32 x;\\n${'};\\n'.repeat(5000)}};\\n#define VMCS12_REVISION 0x00abcdef\\n`;
  cases.push(
    { what: 'anonymous unions nested 5,000 deep', method: 'POST', path: '/layouts', body: `{"name":"deep-unions","source":"${deepUnions}"}`, field: 'source', line: expect.any(Number) as never, column: expect.any(Number) as never },
    {
      what: 'an extra member of a field nested 100,000 deep',
      method: 'POST',
      path: '/layouts',
      body: `{"name":"deep-json","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS(`,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}`)}}`,
      field: /^fields\[2\]\.x/,
    },
    {
      what: 'a 1 MiB field name',
      method: 'POST',
      path: '/layouts',
      body: `{"name":"long-name","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS().replace('"abort"', `"${'a'.repeat(1 << 20)}"`)}}`,
      field: 'fields[1].name',
    },
    { what: 'a 2,001-character annotation', method: 'POST', path: '/layouts/linux-v3.1/annotations', body: `{"notes":"${'n'.repeat(2001)}"}`, field: 'notes' },
    { what: 'a 1,001-character deprecation reason', method: 'POST', path: '/layouts/linux-v3.1/deprecate', body: `{"reason":"${'r'.repeat(1001)}"}`, field: 'reason' },
    { what: 'a 129-character alias', method: 'POST', path: '/aliases', body: `{"from":"a","to":"${'b'.repeat(129)}"}`, field: 'to' },
    { what: 'a 513-character kernel', method: 'POST', path: '/layouts', body: JSON_LAYOUT('long-kernel', `,"kernel":"${'k'.repeat(513)}"`), field: 'kernel' },
  );
  return cases;
}

interface GqlCase {
  what: string;
  query: string;
  variables: string; // JSON text
  field: string | RegExp;
}

const REGISTER = 'mutation ($input: RegisterLayoutInput!) { registerLayout(input: $input) { created } }';
function gqlCases(): GqlCase[] {
  const cases: GqlCase[] = [];
  BAD.forEach(([what, bad], i) => {
    const name = `gql-bad-text-${i}`;
    const input = (rest: string): string => `{"input":{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS()}${rest}}}`;
    cases.push(
      { what: `${what} in a layout name`, query: REGISTER, variables: `{"input":{"name":"a${bad}","source":"${C_SOURCE('x')}"}}`, field: 'name' },
      { what: `${what} in C text inside a comment`, query: REGISTER, variables: `{"input":{"name":"${name}","source":"${C_SOURCE(`x${bad}`)}"}}`, field: 'source' },
      {
        what: `${what} in a field name`,
        query: REGISTER,
        variables: `{"input":{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS().replace('"abort"', `"ab${bad}ort"`)}}}`,
        field: 'fields[1].name',
      },
      { what: `${what} in a bitfield name`, query: REGISTER, variables: `{"input":{"name":"${name}","format":"json","revision":"0x00abcdef","size":24,"fields":${JSON_FIELDS('', `b${bad}`)}}}`, field: 'fields[3].bitfields[0].name' },
      ...(['kernel', 'tree', 'commit', 'changes'] as const).map((key): GqlCase => ({ what: `${what} in ${key}`, query: REGISTER, variables: input(`,"${key}":"v${bad}"`), field: key })),
      {
        what: `${what} in a deprecation reason`,
        query: 'mutation ($r: String!) { deprecateLayout(name: "linux-v3.1", reason: $r) { name } }',
        variables: `{"r":"old${bad}"}`,
        field: 'reason',
      },
      { what: `${what} in an alias`, query: 'mutation ($f: String!) { declareAlias(from: $f, to: "b") { from } }', variables: `{"f":"a${bad}"}`, field: 'from' },
    );
  });
  // GraphQL's own lexer refuses a lone surrogate escape in a literal; a NUL escape is valid.
  cases.push({ what: 'a NUL in an inline deprecation reason', query: `mutation { deprecateLayout(name: "linux-v3.1", reason: "old${NUL}") { name } }`, variables: '{}', field: 'reason' });
  return cases;
}

describe('bad text and deep nesting', () => {
  let t: HardeningApp;
  let log: LogState;
  beforeAll(async () => {
    t = await startHardeningApp({ logLevel: 'info' });
    log = await logState(t.http);
  });
  afterAll(() => t.close());

  const send = (method: string, path: string, body?: string): Promise<Response> =>
    fetch(`${t.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body });

  it.each(restCases().map((c) => [c.what, c] as const))('REST: %s is a 400 naming the field', async (_what, c) => {
    const res = await send(c.method, c.path, c.body);
    const body = (await res.json()) as Record<string, unknown>;
    expect({ status: res.status, body }).toEqual({
      status: 400,
      body: expect.objectContaining({
        error: expect.stringMatching(/^(invalid_input|parse_error)$/),
        message: expect.any(String),
        field: c.field instanceof RegExp ? expect.stringMatching(c.field) : c.field,
        ...(c.line === undefined ? {} : { line: c.line, column: c.column }),
      }),
    });
  });

  it.each(gqlCases().map((c) => [c.what, c] as const))('GraphQL: %s is BAD_USER_INPUT naming the field', async (_what, c) => {
    const res = await send('POST', '/graphql', `{"query":${JSON.stringify(c.query)},"variables":${c.variables}}`);
    const body = (await res.json()) as { errors?: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(res.status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions).toEqual(
      expect.objectContaining({ code: 'BAD_USER_INPUT', field: c.field instanceof RegExp ? expect.stringMatching(c.field) : c.field }),
    );
  });

  it.each([
    ['/layouts/a%00b'],
    ['/layouts/a%00b.h'],
    ['/compat/a%00b/linux-v3.1'],
    ['/plans/linux-v3.1/a%00b'],
    ['/converters/a%00b/linux-v3.1.c'],
  ])('GET %s is a 404', async (path) => {
    const res = await send('GET', path);
    expect({ status: res.status, body: await res.json() }).toEqual({ status: 404, body: expect.objectContaining({ error: 'not_found' }) });
  });

  it.each([
    ['a NUL', `a${NUL}`],
    ['a lone surrogate', `a${LONE}`],
    ['100,000 characters', 'a'.repeat(100_000)],
  ])('GraphQL layout(name) with %s is NOT_FOUND', async (_what, name) => {
    const res = await send('POST', '/graphql', `{"query":"query ($n: String!) { layout(name: $n) { name } }","variables":{"n":"${name}"}}`);
    const body = (await res.json()) as { errors?: Array<{ extensions: Record<string, unknown> }> };
    expect({ status: res.status, code: body.errors?.[0]?.extensions.code }).toEqual({ status: 200, code: 'NOT_FOUND' });
  });

  it('refuses a GraphQL document nested 100,000 deep without a server error', async () => {
    const res = await send('POST', '/graphql', JSON.stringify({ query: `{ ${'layouts { '.repeat(100_000)}name${' }'.repeat(100_000)} }` }));
    const body = (await res.json()) as { errors?: Array<{ extensions: Record<string, unknown> }> };
    expect(res.status).toBeLessThan(500);
    expect(body.errors?.[0]?.extensions.code).not.toMatch(/INTERNAL/);
  });

  it('logged no server error and appended nothing', async () => {
    expect(t.logs.filter((l) => l.level === 'error' || l.level === 'fatal').map((l) => l.msg)).toEqual([]);
    expect(await logState(t.http)).toEqual(log);
  });
});
