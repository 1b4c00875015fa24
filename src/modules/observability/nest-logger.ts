import type { LoggerService } from '@nestjs/common';
import type { Logger } from 'pino';

// Nest's bootstrap chatter (a line per module and per route) is debug, not info: an operator
// reading info wants the service's own lines.
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

// Nest's own messages (bootstrap, exception filter, services' Logger) through the same pino
// logger as request lines, so every line on stdout is one JSON object. Nest passes the context
// (class name) last, and for error() an optional stack before it.
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const context = params.at(-1);
    this.write(typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context) ? 'debug' : 'info', message, params);
  }

  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  error(message: unknown, ...params: unknown[]): void {
    const context = params.length > 0 && typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) {
      this.logger.error({ context, err: message }, message.message);
      return;
    }
    this.logger.error({ context, ...(stack ? { stack } : {}) }, String(message));
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, params: unknown[]): void {
    if (!this.logger.isLevelEnabled(level)) {
      return;
    }
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    if (typeof message === 'object' && message !== null && !(message instanceof Error)) {
      this.logger[level]({ context, ...(message as Record<string, unknown>) });
      return;
    }
    this.logger[level]({ context }, String(message));
  }
}
