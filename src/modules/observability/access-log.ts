import pino from 'pino';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { CounterFamily } from '../metrics/bound-metrics';
import type { CounterChild } from '../metrics/bound-metrics';

// One line per request, the line pino writes for `logger.info(fields, 'request completed')` with
// the service's logger options, built here and handed to the logger's stream in batches: once
// per turn of the event loop rather than once per request. pino's generic path (a pass over the
// object's keys, a stream write and a length count per line) was a tenth of the convert route's
// CPU at full load. 5xx lines still go through pino at once, at `error`, after the batch (order
// kept).
//
// Operators choose how much is written: LOG_LEVEL above info writes no request lines, and
// ACCESS_LOG_SAMPLE (0 < r <= 1) writes that share of the 1xx-3xx lines, evenly spread (every
// 4xx and 5xx line is written). Nothing is skipped silently: every request is counted under the
// outcome of its line in vmcs12_request_log_lines_total, and lines the log stream drops because
// stdout does not keep up (createServiceLogger bounds its buffer) in vmcs12_log_lines_dropped_total.
export interface RequestLine {
  reqId: string;
  method: string;
  url: string;
  route: string;
  status: number;
  ms: number;
  ip: string | undefined;
  actor: string | undefined;
}

interface Outcomes {
  written: CounterChild;
  sampledOut: CounterChild;
  belowLevel: CounterChild;
}

interface LogStream {
  write(chunk: string): unknown;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
}

// The parts of a line pino builds from the logger's own options (level label, time, base
// fields, message key), read off the logger once.
interface LineParts {
  prefix: string;
  time: () => string;
  chindings: string;
  suffix: string;
}

function partsOf(logger: Logger): LineParts {
  const own = logger as unknown as Record<symbol, unknown>;
  const { lsCacheSym, timeSym, chindingsSym, messageKeySym, endSym } = pino.symbols;
  return {
    prefix: (own[lsCacheSym] as Record<number, string>)[logger.levels.values.info as number] as string,
    time: (own[timeSym] as () => string).bind(logger),
    chindings: (own[chindingsSym] as string | undefined) ?? '',
    suffix: `,${JSON.stringify(own[messageKeySym])}:"request completed"${own[endSym] as string}`,
  };
}

export class AccessLog {
  private readonly stream: LogStream;
  private readonly outcomes: Outcomes;
  private readonly dropped: CounterChild;
  private readonly parts: LineParts;
  private pending = '';
  private scheduled = false;
  private credit = 0;

  constructor(
    private readonly logger: Logger,
    registry: Registry,
    private readonly sample = 1,
  ) {
    this.stream = (logger as unknown as Record<symbol, LogStream>)[pino.symbols.streamSym] as LogStream;
    this.parts = partsOf(logger);
    const lines = new CounterFamily(registry, 'vmcs12_request_log_lines_total', 'Requests by what became of their log line: written, sampled_out (ACCESS_LOG_SAMPLE), below_level (LOG_LEVEL above info)');
    this.outcomes = {
      written: lines.bind({ outcome: 'written' }),
      sampledOut: lines.bind({ outcome: 'sampled_out' }),
      belowLevel: lines.bind({ outcome: 'below_level' }),
    };
    this.dropped = new CounterFamily(registry, 'vmcs12_log_lines_dropped_total', 'Log lines dropped because stdout did not keep up').bind();
    this.stream.on?.('drop', (data: unknown) => this.dropped.inc(countLines(data)));
  }

  record(line: RequestLine): void {
    if (line.status >= 500) {
      this.flush();
      this.outcomes.written.inc();
      this.logger.error(line, 'request failed');
      return;
    }
    if (!this.logger.isLevelEnabled('info')) {
      this.outcomes.belowLevel.inc();
      return;
    }
    if (this.sample < 1 && line.status < 400) {
      this.credit += this.sample;
      if (this.credit < 1) {
        this.outcomes.sampledOut.inc();
        return;
      }
      this.credit -= 1;
    }
    this.outcomes.written.inc();
    this.pending += this.format(line);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  // Hands the batch to the stream (the process flushes the stream itself before it exits).
  flush(): void {
    this.scheduled = false;
    if (this.pending !== '') {
      const batch = this.pending;
      this.pending = '';
      this.stream.write(batch);
    }
  }

  // Field for field what pino writes for these keys with loggerOptions (access-log.spec.ts
  // compares the two); undefined fields are left out, as pino leaves them out.
  private format(l: RequestLine): string {
    const p = this.parts;
    let s = `${p.prefix}${p.time()}${p.chindings},"reqId":${jsonString(l.reqId)},"method":${jsonString(l.method)},"url":${jsonString(l.url)},"route":${jsonString(l.route)},"status":${l.status},"ms":${l.ms}`;
    if (l.ip !== undefined) {
      s += `,"ip":${jsonString(l.ip)}`;
    }
    if (l.actor !== undefined) {
      s += `,"actor":${jsonString(l.actor)}`;
    }
    return s + p.suffix;
  }
}

// Printable ASCII other than `"` and `\` stands for itself in a JSON string. Request ids,
// methods, routes, addresses and nearly every URL are such text, and skip JSON.stringify: each
// call allocates a string builder, and five per line were a fifth of the line's cost in the
// service's profile under load.
const PLAIN = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

function jsonString(text: string): string {
  return PLAIN.test(text) ? `"${text}"` : JSON.stringify(text);
}

function countLines(data: unknown): number {
  const text = typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    n++;
  }
  return Math.max(n, 1);
}
