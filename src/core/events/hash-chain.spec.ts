import fc from 'fast-check';
import type { StoredEvent } from './events';
import { ChainVerifier, GENESIS_HASH, canonicalJson, chainHash } from './hash-chain';

function chain(count: number): StoredEvent[] {
  const events: StoredEvent[] = [];
  let prev = GENESIS_HASH;
  for (let position = 1; position <= count; position += 1) {
    const content = {
      position,
      stream: 'aliases',
      version: position,
      type: 'FieldAliasDeclared' as const,
      data: { from: `f${position}`, to: `t${position}` },
      metadata: {},
      recordedAt: new Date(Date.UTC(2026, 10, 26, 0, 0, position)).toISOString(),
    };
    const event = { ...content, hash: chainHash(prev, content) } as StoredEvent;
    events.push(event);
    prev = event.hash;
  }
  return events;
}

function verify(events: StoredEvent[]) {
  const verifier = new ChainVerifier();
  events.forEach((e) => verifier.push(e));
  return verifier.result();
}

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: undefined } })).toBe('{"a":{"d":[1,{"y":null,"z":0}]},"b":1}');
  });

  it('is independent of key order, as JSONB storage requires', () => {
    const entries = fc.dictionary(fc.string(), fc.jsonValue());
    fc.assert(
      fc.property(entries, (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
        expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
      }),
    );
  });

  it('refuses values JSON cannot carry faithfully', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/plain objects/);
    expect(() => canonicalJson(Number.NaN)).toThrow(/no JSON form/);
    expect(() => canonicalJson(1n)).toThrow(/no JSON form/);
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain and reports its head', () => {
    const events = chain(5);
    expect(verify(events)).toEqual({ ok: true, events: 5, head: events[4]?.hash });
  });

  it('names the position whose content was altered, and only that one', () => {
    const events = chain(5);
    events[2] = { ...events[2], data: { from: 'f3', to: 'forged' } } as StoredEvent;
    expect(verify(events)).toEqual({ ok: false, events: 5, head: events[4]?.hash, firstBadPosition: 3 });
  });

  it('names a missing position', () => {
    const events = chain(5);
    events.splice(1, 1);
    expect(verify(events)).toMatchObject({ ok: false, firstBadPosition: 2 });
  });

  it('detects a re-hashed row whose successor still points at the old hash', () => {
    const events = chain(3);
    const forged = { ...events[1], data: { from: 'x', to: 'y' } } as StoredEvent;
    forged.hash = chainHash(events[0]?.hash ?? '', forged);
    const result = verify([events[0], forged, events[2]] as StoredEvent[]);
    expect(result).toMatchObject({ ok: false, firstBadPosition: 3 });
  });

  it('checks a stored prevHash against the previous hash', () => {
    const events = chain(2).map((e, i) => ({ ...e, prevHash: i === 1 ? GENESIS_HASH : GENESIS_HASH }));
    const verifier = new ChainVerifier();
    events.forEach((e) => verifier.push(e));
    expect(verifier.result()).toMatchObject({ ok: false, firstBadPosition: 2 });
  });
});
