import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCliBuilt, runCli, type CliRun } from '../fixtures/cli/cli-process';
import { catalogHeader, edit, lineOf, writeAll } from '../fixtures/cli/headers';
import { startTestApp, type TestApp } from '../support/test-app';

// With --format json, every outcome of every command is exactly one JSON document on stdout
// (a CI job keeps stdout as its artifact): results as before, errors as
// {error, message, exitCode, file?, line?, column?}; the exit code is the same as in text, and
// a refusal is 1, never 2. Each row is one outcome a user can reach.

const LATEST = catalogHeader('linux-tsc-multiplier');
const MOVED = edit(edit(LATEST, '\tu64 guest_bndcfgs;\n', ''), '\tu64 tsc_multiplier;\n', '\tu64 tsc_multiplier;\n\tu64 guest_bndcfgs;\n');
const BROKEN = edit(LATEST, '\tu64 io_bitmap_b;\n', '\tu65 io_bitmap_b;\n');
const BROKEN_LINE = lineOf(BROKEN, '\tu65 io_bitmap_b;');
const TOKEN = 'cli-json-writer';

interface Row {
  what: string;
  args: (server: string) => string[];
  code: 0 | 1 | 2;
  json: Record<string, unknown>; // members the one document must have
  stdin?: Buffer;
}

const ROWS: Row[] = [
  { what: 'check: accepted', args: () => ['check', 'latest.h', '--format', 'json'], code: 0, json: { accepted: true, exitCode: 0 } },
  { what: 'check: refused', args: () => ['check', 'moved.h', '--format', 'json'], code: 1, json: { accepted: false, exitCode: 1 } },
  {
    what: 'check: parse error',
    args: () => ['check', 'broken.h', '--format', 'json'],
    code: 2,
    json: { error: 'parse_error', file: 'broken.h', line: BROKEN_LINE, column: 2, exitCode: 2 },
  },
  { what: 'check: missing file', args: () => ['check', 'nope.h', '--format=json'], code: 2, json: { error: 'file', file: 'nope.h' } },
  { what: 'check: unknown flag', args: () => ['check', 'latest.h', '--format', 'json', '--bogus'], code: 2, json: { error: 'usage' } },
  { what: 'check: bad --mode', args: () => ['check', 'latest.h', '--format', 'json', '--mode', 'sideways'], code: 2, json: { error: 'usage' } },
  { what: 'check: no file', args: () => ['check', '--format', 'json'], code: 2, json: { error: 'usage' } },
  { what: 'check: unknown reference', args: () => ['check', 'latest.h', '--against', 'no-such-layout', '--format', 'json'], code: 2, json: { error: 'not_found' } },
  { what: 'check: bad --revision', args: () => ['check', 'latest.h', '--revision', 'v1', '--format', 'json'], code: 2, json: { error: 'invalid_input', file: 'latest.h' } },
  { what: 'check: service unreachable', args: () => ['check', 'latest.h', '--server', 'http://127.0.0.1:9', '--format', 'json'], code: 2, json: { error: 'unreachable' } },
  { what: 'check: --server not a URL', args: () => ['check', 'latest.h', '--server', 'nowhere', '--format', 'json'], code: 2, json: { error: 'usage' } },
  { what: 'show: a layout', args: () => ['show', 'linux-v4.14', '--format', 'json'], code: 0, json: { name: 'linux-v4.14' } },
  { what: 'show: parse error', args: () => ['show', 'broken.h', '--format', 'json'], code: 2, json: { error: 'parse_error', file: 'broken.h', line: BROKEN_LINE } },
  { what: 'show: unknown name', args: () => ['show', 'no-such-layout', '--format', 'json'], code: 2, json: { error: 'not_found' } },
  { what: 'show: two arguments', args: () => ['show', 'a', 'b', '--format', 'json'], code: 2, json: { error: 'usage' } },
  { what: 'show: unknown name on a service', args: (s) => ['show', 'no-such-layout', '--server', s, '--format', 'json'], code: 2, json: { error: 'not_found' } },
  { what: 'list: the catalog', args: () => ['list', '--format', 'json'], code: 0, json: {} },
  { what: 'list --json: unknown flag', args: () => ['list', '--json', '--bogus'], code: 2, json: { error: 'usage' } },
  { what: 'register: no --server', args: () => ['register', 'latest.h', '--name', 'x', '--format', 'json'], code: 2, json: { error: 'usage' } },
  { what: 'register: parse error', args: (s) => ['register', 'broken.h', '--name', 'x', '--server', s, '--format', 'json'], code: 2, json: { error: 'parse_error', line: BROKEN_LINE } },
  { what: 'register: no token', args: (s) => ['register', 'latest.h', '--name', 'json-x', '--revision', '0x11e5b001', '--server', s, '--format', 'json'], code: 1, json: { error: 'refused', status: 401 } },
  {
    what: 'register: refused by the policy',
    args: (s) => ['register', 'moved.h', '--name', 'json-moved', '--server', s, '--token', TOKEN, '--format', 'json'],
    code: 1,
    // Contract 0.2: a refusal's findings come grouped by the reference layout they were judged against.
    json: {
      error: 'policy_violation',
      status: 409,
      hint: expect.any(String),
      findings: [expect.objectContaining({ reference: 'linux-tsc-multiplier', findings: expect.arrayContaining([expect.objectContaining({ rule: 'REVISION_CONFLICT' })]) })],
    },
  },
  { what: 'register: registered', args: (s) => ['register', 'latest.h', '--name', 'json-ok', '--revision', '0x11e5b002', '--server', s, '--token', TOKEN, '--format', 'json'], code: 0, json: { name: 'json-ok' } },
  { what: 'convert: --format is not one of its flags', args: () => ['convert', '--from', 'linux-v4.14', '--to', 'linux-v4.4', '--format', 'json'], code: 2, json: { error: 'usage' } },

  { what: 'an unknown command', args: () => ['frobnicate', '--format', 'json'], code: 2, json: { error: 'usage' } },
];

describe('--format json: one JSON document on stdout for every outcome', () => {
  let dir: string;
  let t: TestApp;
  beforeAll(async () => {
    ensureCliBuilt();
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-cli-json-'));
    writeAll(dir, { 'latest.h': LATEST, 'moved.h': MOVED, 'broken.h': BROKEN });
    t = await startTestApp({ env: { WRITE_TOKENS: TOKEN } });
  }, 180_000);
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(ROWS.map((r) => [r.what, r] as const))('%s', async (_what, row) => {
    const run: CliRun = await runCli(row.args(t.url), { cwd: dir, stdin: row.stdin });
    let doc: unknown;
    expect(() => (doc = JSON.parse(run.stdout))).not.toThrow();
    expect({ code: run.code, doc }).toEqual({ code: row.code, doc: Array.isArray(doc) ? doc : expect.objectContaining(row.json) });
    if ('error' in row.json) {
      expect(doc).toEqual(expect.objectContaining({ error: expect.any(String), message: expect.any(String), exitCode: row.code }));
      expect(run.stderr).toContain('vmcs12-registry: ');
    }
  });
});
