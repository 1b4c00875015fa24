import { escapeData, escapeProperty } from './format-check';

describe('github workflow command escaping', () => {
  it('escapes percent signs and line breaks in messages', () => {
    expect(escapeData('100% of\r\nit')).toBe('100%25 of%0D%0Ait');
  });

  it('also escapes colons and commas in properties, where they would end the value', () => {
    expect(escapeProperty('C:/dir,x.h')).toBe('C%3A/dir%2Cx.h');
  });
});
