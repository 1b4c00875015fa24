import { caught } from '../../../../test/support/caught';
import { decodeBase64Blob, parseContainer } from './blob-input';

// REST and GraphQL read blobs and containers through these alone: what they accept and how
// they refuse is the contract of both.
describe('request inputs shared by REST and GraphQL', () => {
  it('decodes padded standard base64 and refuses anything else as INVALID_INPUT on blob', () => {
    expect(Buffer.from(decodeBase64Blob('AAEC/w==')).toString('hex')).toBe('000102ff');
    expect(decodeBase64Blob('')).toHaveLength(0);
    for (const bad of ['AAEC/w', 'AAEC-w==', 'AA EC', 'AA==AA==', 42, null, undefined]) {
      const err = caught(() => decodeBase64Blob(bad));
      expect([err.code, err.details]).toEqual(['INVALID_INPUT', { field: 'blob' }]);
    }
  });

  // The check decodes instead of matching a pattern; it must accept exactly what the pattern
  // (padded standard base64, length a multiple of 4) accepted, on text that mixes the alphabet
  // with padding, base64url, whitespace, control and non-ASCII characters.
  it('accepts exactly /^[A-Za-z0-9+/]*={0,2}$/ of a length divisible by 4, over generated text', () => {
    const pattern = /^[A-Za-z0-9+/]*={0,2}$/;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const others = ['=', '=', '-', '_', ' ', '\n', '\t', '.', '%', '\u0000', '\u00e9', '\u{1F600}', '\ud800'];
    let seed = 18;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    let accepted = 0;
    for (let i = 0; i < 50_000; i++) {
      let text = '';
      for (let length = random(14); length > 0; length--) {
        text += random(10) < 7 ? alphabet[random(64)] : others[random(others.length)];
      }
      const expected = pattern.test(text) && text.length % 4 === 0;
      let decoded: Uint8Array | undefined;
      try {
        decoded = decodeBase64Blob(text);
      } catch {
        decoded = undefined;
      }
      expect([text, decoded !== undefined]).toEqual([text, expected]);
      if (decoded) {
        accepted++;
        expect(Buffer.from(decoded).equals(Buffer.from(text, 'base64'))).toBe(true);
      }
    }
    expect(accepted).toBeGreaterThan(1000);
  });

  it('takes container "nested-state" or none, and names the container otherwise', () => {
    expect([parseContainer('nested-state'), parseContainer(null), parseContainer(undefined)]).toEqual([true, false, false]);
    const err = caught(() => parseContainer('nested_state'));
    expect([err.code, err.message, err.details]).toEqual(['INVALID_INPUT', 'container must be "nested-state", not "nested_state"', { field: 'container' }]);
  });
});
