import { readFileSync, unwatchFile, watchFile } from 'node:fs';
import { sha256Hex } from '../../infra/config/env';
import type { AppConfig } from '../../infra/config/env';

// WRITE_TOKENS_FILE / READ_TOKENS_FILE: tokens one a line (clear, or sha256:<hex>; blank lines
// and # comments ignored), added to those of WRITE_TOKENS / READ_TOKENS. The files are re-read
// when they change and on reload() (SIGHUP), and the new lists replace the old in the shared
// config object the guards read on every request: a rotated token works, and a revoked one
// stops working, without a restart. A file that cannot be read or has a bad line keeps the
// previous tokens and says why.

// A file that lists no tokens locks writes rather than falling back to loopback-only writes
// (which is what an empty list means): no token hashes to 64 zeros.
export const LOCKED = '0'.repeat(64);
export const POLL_MS = 2000;

export function parseTokenFile(text: string, file: string): string[] {
  const digests: string[] = [];
  const bad: number[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) {
      return;
    }
    if (line.startsWith('sha256:')) {
      const hex = line.slice(7).toLowerCase();
      if (/^[0-9a-f]{64}$/.test(hex)) {
        digests.push(hex);
      } else {
        bad.push(i + 1);
      }
      return;
    }
    if (/\s/.test(line)) {
      bad.push(i + 1);
      return;
    }
    digests.push(sha256Hex(line));
  });
  if (bad.length > 0) {
    throw new Error(`${file}: line ${bad.join(', ')}: expected one token (no spaces) or sha256:<64 hex digits>`);
  }
  return digests;
}

export interface TokenFiles {
  reload(): void;
  stop(): void;
}

type Role = 'writeTokens' | 'readTokens';

// Reads the files once (throwing, so a bad file stops the start like a bad variable), then
// keeps them current. `log` hears of every reload and every refused one.
export function watchTokenFiles(config: AppConfig, log: { info(msg: string): void; error(msg: string): void }, pollMs = POLL_MS): TokenFiles {
  const sources: Array<{ role: Role; file: string; base: string[] }> = [];
  if (config.writeTokensFile) {
    sources.push({ role: 'writeTokens', file: config.writeTokensFile, base: [...config.writeTokens] });
  }
  if (config.readTokensFile) {
    sources.push({ role: 'readTokens', file: config.readTokensFile, base: [...config.readTokens] });
  }
  const apply = (s: (typeof sources)[number]): number => {
    const fromFile = parseTokenFile(readFileSync(s.file, 'utf8'), s.file);
    const tokens = [...s.base, ...fromFile];
    config[s.role] = s.role === 'writeTokens' && tokens.length === 0 ? [LOCKED] : tokens;
    return fromFile.length;
  };
  const reload = (s: (typeof sources)[number]): void => {
    try {
      const n = apply(s);
      log.info(`${s.file}: ${n} ${s.role === 'writeTokens' ? 'writer' : 'reader'} tokens loaded`);
    } catch (err) {
      log.error(`${s.file} not reloaded, the previous tokens stay: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  sources.forEach(apply);
  for (const s of sources) {
    watchFile(s.file, { interval: pollMs, persistent: false }, (now, before) => {
      if (now.mtimeMs !== before.mtimeMs || now.size !== before.size || now.ino !== before.ino) {
        reload(s);
      }
    });
  }
  return {
    reload: () => sources.forEach(reload),
    stop: () => sources.forEach((s) => unwatchFile(s.file)),
  };
}
