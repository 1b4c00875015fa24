import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServiceLogger } from './logger';

describe('createServiceLogger', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vmcs12-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  // Waits for the asynchronous writes: a synchronous flush skips a write still in flight, and
  // closing the descriptor under it lost the line whenever the machine was busy (a flaky test).
  async function linesOf(level: string, write: (log: ReturnType<typeof createServiceLogger>['logger']) => void): Promise<Record<string, unknown>[]> {
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    const { logger, drain } = createServiceLogger(level, fd);
    write(logger);
    await drain();
    closeSync(fd);
    return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  }

  it('writes JSON lines with a level label, an ISO time and the service name', async () => {
    const lines = await linesOf('info', (log) => log.info({ route: '/x' }, 'hello'));
    expect(lines).toEqual([{ level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/), service: 'vmcs12-registry', route: '/x', msg: 'hello' }]);
  });

  // Many lines leave one write in flight and the rest queued behind it: drain() must wait for
  // all of them (flush(cb) called back at once and flushSync skipped the in-flight write).
  it('drain() resolves only when every line is in the file, in order', async () => {
    const file = join(dir, 'many.log');
    const fd = openSync(file, 'w');
    const { logger, drain } = createServiceLogger('info', fd);
    for (let i = 0; i < 20_000; i++) {
      logger.info({ i }, 'line');
    }
    await drain();
    const seen = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { i: number }).i);
    closeSync(fd);
    expect(seen).toEqual(Array.from({ length: 20_000 }, (_, i) => i));
  });

  it('honours LOG_LEVEL', async () => {
    const lines = await linesOf('warn', (log) => {
      log.info('dropped');
      log.warn('kept');
    });
    expect(lines.map((l) => l.msg)).toEqual(['kept']);
  });

  it('falls back to info on an unknown level, and says so', async () => {
    const lines = await linesOf('chatty', (log) => log.debug('dropped'));
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', msg: expect.stringMatching(/LOG_LEVEL "chatty" is not one of/) })]);
  });
});
