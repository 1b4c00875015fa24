import { isDatabaseUnavailable } from './database-unavailable';

describe('isDatabaseUnavailable', () => {
  it.each([
    ['Prisma cannot reach the server', { code: 'P1001' }],
    ['Prisma: the server closed the connection', { code: 'P1017' }],
    ['Prisma: no pool connection in time', { code: 'P2024' }],
    ['a driver-adapter kind', { meta: { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } } }],
    ['an admin shutdown from Postgres', { code: '57P01' }],
    ['Postgres still starting', { meta: { driverAdapterError: { cause: { kind: 'postgres', originalCode: '57P03' } } } }],
    ['a refused socket', { code: 'ECONNREFUSED' }],
    ['a wrapped cause', new Error('append failed', { cause: { code: 'ECONNRESET' } })],
  ])('recognises %s', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', { code: 'P2002' }],
    ['a constraint in Postgres', { code: '23505' }],
    ['a plain bug', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('leaves %s alone', (_what, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});
