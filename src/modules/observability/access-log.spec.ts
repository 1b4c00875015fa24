import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import pino from 'pino';
import { Registry } from 'prom-client';
import { AccessLog } from './access-log';
import type { RequestLine } from './access-log';
import { loggerOptions } from './logger';

function capture(level = 'info'): { logger: pino.Logger; text: () => string } {
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return { logger: pino(loggerOptions(level), sink), text: () => text };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function counters(registry: Registry): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const line of (await registry.metrics()).split('\n')) {
    const m = /^(vmcs12_(?:request_log_lines_total|log_lines_dropped_total)(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (m) {
      out[m[1] as string] = Number(m[2]);
    }
  }
  return out;
}

const line = (over: Partial<RequestLine> = {}): RequestLine => ({
  reqId: 'r1',
  method: 'GET',
  url: '/health/live',
  route: '/health/live',
  status: 200,
  ms: 0.25,
  ip: '127.0.0.1',
  actor: undefined,
  ...over,
});

const withoutTime = (text: string): string => text.replace(/"time":"[^"]*"/g, '"time":""');

describe('AccessLog', () => {
  it('writes, byte for byte, the line pino writes for the same fields', async () => {
    const text = fc.string({ unit: 'binary', maxLength: 40 }); // lone surrogates, quotes, control characters
    const request = fc.record({
      reqId: text,
      method: fc.constantFrom('GET', 'POST', 'PUT'),
      url: text,
      route: fc.constantFrom('/convert/:from/:to', 'unmatched'),
      status: fc.integer({ min: 100, max: 499 }),
      ms: fc.double({ min: 0, max: 1e6, noNaN: true }),
      ip: fc.option(fc.constantFrom('127.0.0.1', '::1', '::ffff:10.0.0.1'), { nil: undefined }),
      actor: fc.option(text, { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 5 }), async (lines) => {
        const ours = capture();
        const theirs = capture();
        const log = new AccessLog(ours.logger, new Registry());
        for (const l of lines) {
          log.record(l);
          theirs.logger.info(l, 'request completed');
        }
        await tick();
        expect(withoutTime(ours.text())).toBe(withoutTime(theirs.text()));
      }),
      { seed: 18, numRuns: 200 },
    );
  });

  it('writes a batch once per turn of the event loop, in order', async () => {
    const { logger, text } = capture();
    const writes: string[] = [];
    const stream = (logger as unknown as Record<symbol, Writable>)[pino.symbols.streamSym] as Writable;
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string) => {
      writes.push(chunk);
      return write(chunk);
    }) as typeof stream.write;
    const log = new AccessLog(logger, new Registry());
    log.record(line({ reqId: 'a' }));
    log.record(line({ reqId: 'b' }));
    expect(text()).toBe('');
    await tick();
    log.record(line({ reqId: 'c' }));
    await tick();
    expect(writes.map((w) => w.split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { reqId: string }).reqId))).toEqual([['a', 'b'], ['c']]);
  });

  it('logs 5xx at error at once, after the lines before it', async () => {
    const { logger, text } = capture();
    const log = new AccessLog(logger, new Registry());
    log.record(line({ reqId: 'ok' }));
    log.record(line({ reqId: 'boom', status: 503 }));
    const lines = text().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { reqId: string; level: string; msg: string });
    expect(lines.map((l) => [l.reqId, l.level, l.msg])).toEqual([
      ['ok', 'info', 'request completed'],
      ['boom', 'error', 'request failed'],
    ]);
  });

  it('samples the 1xx-3xx lines at the chosen rate, keeps every 4xx and 5xx, and counts each outcome', async () => {
    const { logger, text } = capture();
    const registry = new Registry();
    const log = new AccessLog(logger, registry, 0.25);
    for (let i = 0; i < 100; i++) {
      log.record(line({ reqId: `ok${i}` }));
    }
    for (let i = 0; i < 10; i++) {
      log.record(line({ reqId: `bad${i}`, status: 404 }));
    }
    log.record(line({ reqId: 'fail', status: 500 }));
    await tick();
    const written = text().split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { reqId: string }).reqId);
    expect(written.filter((id) => id.startsWith('ok'))).toHaveLength(25);
    expect(written.filter((id) => !id.startsWith('ok'))).toHaveLength(11);
    expect(await counters(registry)).toEqual({
      'vmcs12_request_log_lines_total{outcome="written"}': 36,
      'vmcs12_request_log_lines_total{outcome="sampled_out"}': 75,
      'vmcs12_request_log_lines_total{outcome="below_level"}': 0,
      vmcs12_log_lines_dropped_total: 0,
    });
  });

  it('counts the lines a level above info leaves out, and still logs 5xx', async () => {
    const { logger, text } = capture('warn');
    const registry = new Registry();
    const log = new AccessLog(logger, registry);
    log.record(line());
    log.record(line({ status: 502 }));
    await tick();
    expect(text().split('\n').filter(Boolean)).toHaveLength(1);
    expect(await counters(registry)).toMatchObject({
      'vmcs12_request_log_lines_total{outcome="written"}': 1,
      'vmcs12_request_log_lines_total{outcome="below_level"}': 1,
    });
  });

  describe('when stdout does not keep up', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'vmcs12-access-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('counts every line the bounded log stream drops: written lines = lines in the file + dropped', async () => {
      const file = join(dir, 'out.log');
      const fd = openSync(file, 'w');
      // A buffer of 2 KiB against batches of ~40 lines (~8 KiB): whole batches must be dropped.
      const destination = pino.destination({ dest: fd, sync: false, maxLength: 2048 });
      const logger = pino(loggerOptions('info'), destination);
      const registry = new Registry();
      const log = new AccessLog(logger, registry);
      for (let batch = 0; batch < 5; batch++) {
        for (let i = 0; i < 40; i++) {
          log.record(line({ reqId: `b${batch}-${i}`, url: `/convert/a/b?i=${i}` }));
        }
        await tick();
      }
      await new Promise<void>((resolve) => destination.flush(() => resolve()));
      closeSync(fd);
      const inFile = readFileSync(file, 'utf8').split('\n').filter(Boolean).length;
      const c = await counters(registry);
      expect(c['vmcs12_request_log_lines_total{outcome="written"}']).toBe(200);
      expect(c.vmcs12_log_lines_dropped_total).toBeGreaterThan(0);
      expect(inFile + (c.vmcs12_log_lines_dropped_total as number)).toBe(200);
    });
  });
});
