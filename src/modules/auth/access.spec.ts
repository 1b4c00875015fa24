import { sha256Hex } from '../../infra/config/env';
import { decideAccess, isForwarded } from './access';

const config = { writeTokens: [sha256Hex('w-secret')], readTokens: [sha256Hex('r-secret')], readsOpen: true };

describe('decideAccess', () => {
  it('lets anyone read when reads are open', () => {
    expect(decideAccess(config, 'reader', undefined, '10.0.0.1')).toEqual({ ok: true, actor: 'anonymous' });
  });

  it('answers 401 for a write without a token', () => {
    expect(decideAccess(config, 'writer', undefined, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 401 for an unknown token', () => {
    expect(decideAccess(config, 'writer', 'Bearer nope', '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
  });

  it('answers 403 for a reader token on a write', () => {
    expect(decideAccess(config, 'writer', 'Bearer r-secret', '127.0.0.1')).toMatchObject({ ok: false, status: 403 });
  });

  it('accepts a writer token and names the actor by digest, not by token', () => {
    const d = decideAccess(config, 'writer', 'Bearer w-secret', '10.0.0.1');
    expect(d).toEqual({ ok: true, actor: `token:${sha256Hex('w-secret').slice(0, 12)}` });
  });

  it('accepts writes from loopback only when no tokens are configured', () => {
    const open = { ...config, writeTokens: [] };
    expect(decideAccess(open, 'writer', undefined, '::1')).toEqual({ ok: true, actor: 'loopback' });
    expect(decideAccess(open, 'writer', undefined, '192.168.1.5')).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses loopback writes without tokens behind a proxy: configured, or seen in forwarding headers', () => {
    const open = { ...config, writeTokens: [] };
    expect(decideAccess({ ...open, behindProxy: true }, 'writer', undefined, '127.0.0.1')).toMatchObject({ ok: false, status: 403 });
    expect(decideAccess(open, 'writer', undefined, '127.0.0.1', isForwarded({ 'x-forwarded-for': '203.0.113.9' }))).toMatchObject({ ok: false, status: 403 });
    expect(decideAccess(open, 'writer', undefined, '127.0.0.1', isForwarded({ forwarded: 'for=203.0.113.9' }))).toMatchObject({ ok: false, status: 403 });
    expect(decideAccess({ ...config, behindProxy: true }, 'writer', 'Bearer w-secret', '127.0.0.1', true)).toMatchObject({ ok: true });
  });

  it('requires a token for reads when reads are closed', () => {
    const closed = { ...config, readsOpen: false };
    expect(decideAccess(closed, 'reader', undefined, '127.0.0.1')).toMatchObject({ ok: false, status: 401 });
    expect(decideAccess(closed, 'reader', 'Bearer r-secret', '127.0.0.1')).toMatchObject({ ok: true });
  });
});
