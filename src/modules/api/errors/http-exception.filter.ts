import { ArgumentsHost, Catch, HttpException, Logger } from '@nestjs/common';
import type { ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CoreError } from '../../../core/errors';
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from '../../health/database-unavailable';
import { setHeaderList } from '../header-list';
import { mapCoreError } from './error-status';

const RETRY_AFTER_SECONDS = '1';
const JSON_TYPE = 'application/json; charset=utf-8';

// Every error leaves as `{error, message, ...details}`. Anything unexpected is logged with its
// stack and answered 500 without internals.
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    sendHttpError(host.switchToHttp().getResponse<FastifyReply>(), exception, this.logger);
  }
}

// The filter's answer, for routes Nest does not wrap (the raw convert route) as for its own.
export function sendHttpError(reply: FastifyReply, exception: unknown, logger: Pick<Logger, 'error'>): void {
  const { status, headers, body } = httpErrorReply(exception, logger);
  setHeaderList(reply, headers);
  void reply.status(status).send(body);
}

// The answer to an error, its headers as name, value, ...: for a Fastify reply (above), and for
// the raw conversion lane below Fastify (raw-convert-lane.ts), which serializes the body as
// Fastify does (JSON.stringify) and adds its length. A 5xx is logged here, with its stack.
export function httpErrorReply(exception: unknown, logger: Pick<Logger, 'error'>): { status: number; headers: string[]; body: Record<string, unknown> } {
  const { status, body } = toHttpError(exception);
  if (status >= 500) {
    logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  }
  // 503: unavailable or contended, both pass
  const headers = status === 503 ? ['retry-after', RETRY_AFTER_SECONDS, 'content-type', JSON_TYPE] : ['content-type', JSON_TYPE];
  return { status, headers, body };
}

export function toHttpError(exception: unknown): { status: number; body: Record<string, unknown> } {
  if (exception instanceof CoreError) {
    const m = mapCoreError(exception.code);
    return { status: m.status, body: { error: m.error, message: exception.message, ...exception.details } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const res = exception.getResponse();
    const message = typeof res === 'string' ? res : ((res as { message?: unknown }).message ?? exception.message);
    return { status, body: { error: httpKind(status), message: Array.isArray(message) ? message.join('; ') : String(message) } };
  }
  if (isDatabaseUnavailable(exception)) {
    return { status: 503, body: { ...DATABASE_UNAVAILABLE } };
  }
  const fastifyErr = exception as { statusCode?: number; message?: string; code?: string };
  if (typeof fastifyErr.statusCode === 'number' && fastifyErr.statusCode >= 400 && fastifyErr.statusCode < 500) {
    return { status: fastifyErr.statusCode, body: { error: httpKind(fastifyErr.statusCode), message: fastifyErr.message ?? 'bad request' } };
  }
  return { status: 500, body: { error: 'internal', message: 'internal error' } };
}

function httpKind(status: number): string {
  switch (status) {
    case 400:
      return 'bad_request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not_found';
    case 409:
      return 'conflict';
    case 413:
      return 'payload_too_large';
    case 415:
      return 'unsupported_media_type';
    case 429:
      return 'rate_limited';
    default:
      return status >= 500 ? 'internal' : 'bad_request';
  }
}
