import pino from 'pino';
import type { Logger, LoggerOptions } from 'pino';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export interface ServiceLogger {
  logger: Logger;
  flush(): void; // best effort before a synchronous exit: a write already in flight is not waited for
  drain(): Promise<void>; // everything written, including a write in flight; use when the caller can wait
}

// One JSON object per line on stdout. Writes are asynchronous and coalesced (sonic-boom): a
// synchronous write per request line would put a syscall on every request's path, which the
// load goal (conversions near the health-check rate) cannot afford. An unknown LOG_LEVEL falls
// back to info and says so, rather than refusing to start.
// What may wait for stdout: beyond it (a stalled log collector) lines are dropped, and counted
// (vmcs12_log_lines_dropped_total, access-log.ts), rather than held until memory runs out.
export const LOG_BUFFER_MAX_BYTES = 16 * 1024 * 1024;

export function createServiceLogger(level: string, fd = 1): ServiceLogger {
  const known = isLogLevel(level);
  const destination = pino.destination({ dest: fd, sync: false, maxLength: LOG_BUFFER_MAX_BYTES });
  // A closed or broken stdout (EPIPE, EBADF: a supervisor went away, a test runner closed the
  // pipe) loses log lines; unhandled, the stream's 'error' event would kill the service.
  destination.on('error', () => undefined);
  const logger = pino(loggerOptions(known ? level : 'info'), destination);
  if (!known) {
    logger.warn({ logLevel: level }, `LOG_LEVEL ${JSON.stringify(level)} is not one of ${LOG_LEVELS.join(', ')}; using info`);
  }
  return {
    logger,
    flush: () => {
      try {
        destination.flushSync();
      } catch {
        // Nothing was written yet (the stream is still opening) or stdout is gone: nothing to flush.
      }
    },
    // flushSync skips a buffer whose asynchronous write is still in flight, and flush(cb) calls
    // back at once when nothing is buffered (minLength 0), so a caller that closes the descriptor
    // (or exits) right after either can lose that line. sonic-boom emits 'drain' when its write
    // loop has nothing left; its state is not public API, hence the narrow cast.
    drain: () =>
      new Promise<void>((resolve) => {
        const state = destination as unknown as { _writing?: boolean; _len?: number };
        if (!state._writing && !state._len) {
          resolve();
          return;
        }
        destination.once('drain', () => resolve());
      }),
  };
}

export function isLogLevel(level: string): boolean {
  return (LOG_LEVELS as readonly string[]).includes(level);
}

// {"level":"info","time":"<ISO 8601>","service":"vmcs12-registry",...,"msg":"..."}
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'vmcs12-registry' },
    timestamp: isoTimeOncePerMs,
    formatters: { level: (label) => ({ level: label }) },
  };
}

// pino's isoTime formats a Date per line; at thousands of lines a second most lines share their
// millisecond, so the string is made once per millisecond.
let lastMs = -1;
let lastTime = '';
export function isoTimeOncePerMs(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastTime = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastTime;
}
