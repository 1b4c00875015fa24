import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, sha256Hex } from '../../infra/config/env';
import { decideAccess } from './access';
import { LOCKED, parseTokenFile, watchTokenFiles } from './token-files';
import { pollUntil } from '../../../test/support/poll-until';

describe('parseTokenFile', () => {
  it('reads clear and pre-hashed tokens, skipping blank lines and comments', () => {
    const text = `# rotated 2026-11\nalpha\n\n  sha256:${'AB'.repeat(32)}  \n`;
    expect(parseTokenFile(text, 'f')).toEqual([sha256Hex('alpha'), 'ab'.repeat(32)]);
  });

  it('names every bad line', () => {
    expect(() => parseTokenFile('ok\ntwo words\nsha256:123\n', 'tokens.txt')).toThrow('tokens.txt: line 2, 3: expected one token');
  });
});

describe('watchTokenFiles', () => {
  let dir: string;
  const quiet = { info: () => undefined, error: jest.fn() };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-tokens-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the file to WRITE_TOKENS and swaps it on reload', () => {
    const file = join(dir, 'write');
    writeFileSync(file, 'old\n');
    const config = loadConfig({ WRITE_TOKENS: 'env-token', WRITE_TOKENS_FILE: file }, dir);
    const files = watchTokenFiles(config, quiet, 60_000);
    try {
      const can = (token: string): boolean => decideAccess(config, 'writer', `Bearer ${token}`, '10.0.0.1').ok;
      expect([can('env-token'), can('old'), can('new')]).toEqual([true, true, false]);
      writeFileSync(file, 'new\n');
      files.reload();
      expect([can('env-token'), can('old'), can('new')]).toEqual([true, false, true]);
    } finally {
      files.stop();
    }
  });

  it('keeps the previous tokens when the new file is bad', () => {
    const file = join(dir, 'write');
    writeFileSync(file, 'good\n');
    const config = loadConfig({ WRITE_TOKENS_FILE: file }, dir);
    const files = watchTokenFiles(config, quiet, 60_000);
    writeFileSync(file, 'two words\n');
    files.reload();
    files.stop();
    expect(config.writeTokens).toEqual([sha256Hex('good')]);
    expect(quiet.error).toHaveBeenCalledWith(expect.stringMatching(/not reloaded, the previous tokens stay/));
  });

  it('locks writes, rather than opening them to loopback, when the file lists no token', () => {
    const file = join(dir, 'write');
    writeFileSync(file, '# nobody\n');
    const config = loadConfig({ WRITE_TOKENS_FILE: file }, dir);
    watchTokenFiles(config, quiet, 60_000).stop();
    expect(config.writeTokens).toEqual([LOCKED]);
    expect(decideAccess(config, 'writer', undefined, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses to start on a file it cannot read', () => {
    const config = loadConfig({ WRITE_TOKENS_FILE: join(dir, 'missing') }, dir);
    expect(() => watchTokenFiles(config, quiet, 60_000)).toThrow(/ENOENT/);
  });

  it('picks up a change to the file by itself', async () => {
    const file = join(dir, 'write');
    writeFileSync(file, 'first\n');
    const config = loadConfig({ WRITE_TOKENS_FILE: file }, dir);
    const files = watchTokenFiles(config, quiet, 50);
    try {
      await new Promise((r) => setTimeout(r, 200)); // the watcher's first stat is the baseline
      writeFileSync(file, 'second-token\n');
      await pollUntil('the watcher to load the new token', () => config.writeTokens[0], (t) => t === sha256Hex('second-token'), { timeoutMs: 5000, intervalMs: 25 });
      expect(config.writeTokens).toEqual([sha256Hex('second-token')]);
    } finally {
      files.stop();
    }
  });
});
