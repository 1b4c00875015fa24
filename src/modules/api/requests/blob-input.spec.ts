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

  it('takes container "nested-state" or none, and names the container otherwise', () => {
    expect([parseContainer('nested-state'), parseContainer(null), parseContainer(undefined)]).toEqual([true, false, false]);
    const err = caught(() => parseContainer('nested_state'));
    expect([err.code, err.message, err.details]).toEqual(['INVALID_INPUT', 'container must be "nested-state", not "nested_state"', { field: 'container' }]);
  });
});
