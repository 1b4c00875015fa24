import { caught } from '../../../test/support/caught';
import { INPUT_LIMITS, checkJsonInput, checkSourceText, checkText, findUnstorable, lineColumn } from './input-text';

describe('findUnstorable', () => {
  it.each([
    ['a\u0000b', 1, 'a NUL character'],
    ['a\ud800', 1, 'an unpaired UTF-16 surrogate (\\ud800)'],
    ['a\ud800b', 1, 'an unpaired UTF-16 surrogate (\\ud800)'],
    ['\udc00a', 0, 'an unpaired UTF-16 surrogate (\\udc00)'],
    ['\ud83d\ude00\udc00', 2, 'an unpaired UTF-16 surrogate (\\udc00)'],
  ])('finds the first character Postgres cannot store in %j', (text, index, description) => {
    expect(findUnstorable(text)).toEqual({ index, description });
  });

  it('passes text with surrogate pairs, tabs and any other control character', () => {
    expect(findUnstorable('é \ud83d\ude00 \t\u0001\u2028')).toBeUndefined();
  });
});

describe('lineColumn', () => {
  it('counts lines and 1-based columns as the C lexer does', () => {
    expect(lineColumn('ab\n\tcd\nx', 5)).toEqual({ line: 2, column: 3 });
    expect(lineColumn('ab', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('checkText and checkSourceText', () => {
  it('name the field, and the line and column in C text', () => {
    expect(caught(() => checkText('ok\u0000', 'reason', 10)).details).toEqual({ field: 'reason', line: 1, column: 3 });
    expect(caught(() => checkText('x'.repeat(11), 'reason', 10)).details).toEqual({ field: 'reason', limit: 10 });
    const e = caught(() => checkSourceText('struct {\n  /* \ud800 */\n'));
    expect([e.code, e.details]).toEqual(['PARSE_ERROR', { field: 'source', line: 2, column: 6 }]);
  });
});

describe('checkJsonInput', () => {
  it('names the path of a bad string, a bad member name, a long string', () => {
    expect(caught(() => checkJsonInput({ fields: [{ name: 'a' }, { note: 'x\u0000' }] })).details.field).toBe('fields[1].note');
    expect(caught(() => checkJsonInput({ fields: [{ 'n\u0000': 1 }] })).details.field).toBe('fields[0]["n\\u0000"]');
    expect(caught(() => checkJsonInput({ a: 'x'.repeat(INPUT_LIMITS.string + 1) })).details).toEqual({ field: 'a', limit: INPUT_LIMITS.string });
    expect(() => checkJsonInput({ source: 'x'.repeat(INPUT_LIMITS.string + 1) }, '', { long: { source: 1 << 20 } })).not.toThrow();
  });

  it('reports the first problem in document order', () => {
    expect(caught(() => checkJsonInput({ a: ['ok', 'x\u0000'], b: '\ud800' })).details.field).toBe('a[1]');
  });

  it('refuses nesting past the bound without recursion, however deep the value', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 200_000; i++) {
      deep = [deep];
    }
    const e = caught(() => checkJsonInput({ x: deep }));
    expect(e.message).toMatch(/nested more than 32 levels/);
    expect(String(e.details.field)).toMatch(/^x(\[0\])+$/);
  });
});
