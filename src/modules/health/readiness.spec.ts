import { readiness } from './readiness';

describe('readiness', () => {
  it('is ok only with the database up, every migration applied and the catalog imported', () => {
    expect(readiness(true, [], 0)).toEqual({ status: 'ok', database: 'up', migrations: 'applied', catalog: 'imported' });
  });

  it('names what is missing', () => {
    expect(readiness(false, undefined, 0)).toEqual({ status: 'degraded', database: 'down', migrations: 'unknown', catalog: 'imported' });
    expect(readiness(true, ['20261126000000_event_store'], 0)).toMatchObject({ status: 'degraded', migrations: 'pending' });
    expect(readiness(true, [], 3)).toMatchObject({ status: 'degraded', catalog: 'pending' });
  });
});
