import { timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '../../infra/config/env';
import type { AppConfig } from '../../infra/config/env';

export type Role = 'reader' | 'writer';

export type AccessDecision =
  | { ok: true; actor: string }
  | { ok: false; status: 401 | 403; message: string };

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

// Tokens are compared as sha256 digests in constant time, so the configuration can hold
// hashes only and a timing probe learns nothing. The actor recorded in events is the token's
// digest prefix, never the token.
export function decideAccess(
  config: Pick<AppConfig, 'writeTokens' | 'readTokens' | 'readsOpen'> & { behindProxy?: boolean },
  need: Role,
  authorization: string | undefined,
  clientIp: string,
  forwarded = false,
): AccessDecision {
  const token = bearer(authorization);
  if (need === 'reader' && config.readsOpen) {
    return { ok: true, actor: token ? actorOf(token) : 'anonymous' };
  }
  if (need === 'writer' && config.writeTokens.length === 0) {
    // Behind a proxy on the same host every client is loopback: then only tokens can tell.
    if (config.behindProxy === true || forwarded) {
      return { ok: false, status: 403, message: 'writes through a reverse proxy need a writer token: WRITE_TOKENS is not configured' };
    }
    if (LOOPBACK.has(clientIp)) {
      return { ok: true, actor: 'loopback' };
    }
    return { ok: false, status: 403, message: 'writes are accepted only from loopback clients: WRITE_TOKENS is not configured' };
  }
  if (token === undefined) {
    return { ok: false, status: 401, message: `a bearer token with the ${need} role is required` };
  }
  const digest = sha256Hex(token);
  if (matches(config.writeTokens, digest)) {
    return { ok: true, actor: actorOf(token) };
  }
  if (matches(config.readTokens, digest)) {
    return need === 'reader'
      ? { ok: true, actor: actorOf(token) }
      : { ok: false, status: 403, message: 'this token has the reader role; writes need the writer role' };
  }
  return { ok: false, status: 401, message: 'unknown bearer token' };
}

function bearer(header: string | undefined): string | undefined {
  const m = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}

function matches(digests: string[], digest: string): boolean {
  const probe = Buffer.from(digest, 'hex');
  let found = false;
  for (const d of digests) {
    found = timingSafeEqual(Buffer.from(d, 'hex'), probe) || found;
  }
  return found;
}

function actorOf(token: string): string {
  return `token:${sha256Hex(token).slice(0, 12)}`;
}

// Headers a reverse proxy adds. Their values are never trusted (trustProxy is off); their
// presence only says the loopback peer may be a proxy speaking for someone else.
export function isForwarded(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['x-forwarded-for'] !== undefined || headers.forwarded !== undefined || headers['x-real-ip'] !== undefined;
}
