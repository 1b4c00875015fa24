import type { IncomingMessage } from 'node:http';
import { requestIdFor } from './request-id';

const req = (id?: string | string[]): IncomingMessage => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as unknown as IncomingMessage;

describe('requestIdFor', () => {
  it('keeps a printable id of up to 128 characters', () => {
    expect(requestIdFor(req('abc-123_x.y:z'))).toBe('abc-123_x.y:z');
    expect(requestIdFor(req('a'.repeat(128)))).toBe('a'.repeat(128));
  });

  it.each([['with space'], ['a'.repeat(129)], [''], ['tab\there'], ['é']])('replaces %j with a UUID', (id) => {
    expect(requestIdFor(req(id))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('replaces a repeated header with a UUID', () => {
    expect(requestIdFor(req(['a', 'b']))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('generates one when none is sent', () => {
    expect(requestIdFor(req())).not.toBe(requestIdFor(req()));
  });
});
