import { createHash } from 'node:crypto';
import { isAbsolute, resolve } from 'node:path';

// The only place that reads process.env. Every bad variable is listed at once so an operator
// fixes a deployment in one round trip.
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string | undefined; // unset: embedded Postgres under dataDir
  dataDir: string;
  embeddedPort: number;
  writeTokens: string[]; // sha256 hex of accepted bearer tokens; empty: loopback-only writes
  readTokens: string[]; // sha256 hex of reader tokens, needed for reads only when readsOpen is false
  readsOpen: boolean;
  behindProxy: boolean; // BEHIND_PROXY: clients arrive through a reverse proxy; loopback grants nothing
  writeTokensFile: string | undefined; // more writer tokens, one a line, re-read on change and SIGHUP
  readTokensFile: string | undefined;
  rateLimitPerMinute: number;
  logLevel: string;
  accessLogSample: number; // share of 1xx-3xx request lines written, 0 < r <= 1 (4xx, 5xx: all)
  graphiql: boolean;
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function intVar(env: Env, name: string, fallback: number, errors: string[], min = 0, max = 65535): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    errors.push(`${name}=${JSON.stringify(raw)}: expected an integer in ${min}..${max}`);
    return fallback;
  }
  return n;
}

function fractionVar(env: Env, name: string, fallback: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || n > 1) {
    errors.push(`${name}=${JSON.stringify(raw)}: expected a number above 0 and at most 1`);
    return fallback;
  }
  return n;
}

function boolVar(env: Env, name: string, fallback: boolean, errors: string[]): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (raw === 'true' || raw === '1') {
    return true;
  }
  if (raw === 'false' || raw === '0') {
    return false;
  }
  errors.push(`${name}=${JSON.stringify(raw)}: expected true or false`);
  return fallback;
}

export function loadConfig(env: Env = process.env, cwd = process.cwd()): AppConfig {
  const errors: string[] = [];
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    errors.push('DATABASE_URL: expected a postgresql:// URL');
  }
  const dataDirRaw = env.DATA_DIR || './.data';
  const config: AppConfig = {
    port: intVar(env, 'PORT', 3000, errors),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: isAbsolute(dataDirRaw) ? dataDirRaw : resolve(cwd, dataDirRaw),
    embeddedPort: intVar(env, 'EMBEDDED_PG_PORT', 54329, errors, 1),
    writeTokens: parseTokens(env.WRITE_TOKENS, errors),
    readTokens: parseTokens(env.READ_TOKENS, errors),
    readsOpen: boolVar(env, 'READS_OPEN', true, errors),
    behindProxy: boolVar(env, 'BEHIND_PROXY', false, errors),
    writeTokensFile: env.WRITE_TOKENS_FILE ? resolve(cwd, env.WRITE_TOKENS_FILE) : undefined,
    readTokensFile: env.READ_TOKENS_FILE ? resolve(cwd, env.READ_TOKENS_FILE) : undefined,
    rateLimitPerMinute: intVar(env, 'RATE_LIMIT_PER_MINUTE', 6000, errors, 1, 10_000_000),
    logLevel: env.LOG_LEVEL || 'info',
    accessLogSample: fractionVar(env, 'ACCESS_LOG_SAMPLE', 1, errors),
    graphiql: boolVar(env, 'GRAPHIQL', env.NODE_ENV !== 'production', errors),
  };
  if (errors.length > 0) {
    throw new ConfigError(`invalid configuration:\n  ${errors.join('\n  ')}`);
  }
  return config;
}

// Tokens may be given in clear ("secret") or pre-hashed ("sha256:<hex>") so that deployments
// can keep only hashes in their environment.
function parseTokens(raw: string | undefined, errors: string[]): string[] {
  if (!raw) {
    return [];
  }
  const out: string[] = [];
  for (const t of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (t.startsWith('sha256:')) {
      const hex = t.slice(7).toLowerCase();
      if (!/^[0-9a-f]{64}$/.test(hex)) {
        errors.push('WRITE_TOKENS: a sha256: entry must hold 64 hex digits');
        continue;
      }
      out.push(hex);
    } else {
      out.push(sha256Hex(t));
    }
  }
  return out;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
