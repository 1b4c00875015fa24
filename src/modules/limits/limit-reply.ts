import type { FastifyReply } from 'fastify';

// Every limit answers in the API's error shape, {error, message}, sent straight from the hook
// that enforces it: a rejected request never reaches Nest.
export function sendLimit(reply: FastifyReply, status: number, error: string, message: string): FastifyReply {
  return reply.code(status).header('content-type', 'application/json; charset=utf-8').send({ error, message });
}

// An error a hook throws so that Fastify stops the request and hands it to the route's error
// handler (see route-errors.ts), which answers it with sendLimit.
export class LimitError extends Error {
  constructor(
    readonly statusCode: number,
    readonly kind: string,
    message: string,
  ) {
    super(message);
    this.name = 'LimitError';
  }
}

export function contentTypeOf(header: string | undefined): string {
  if (header === undefined) {
    return '';
  }
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase();
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) {
    return `${n} bytes (${n / (1024 * 1024)} MiB)`;
  }
  if (n >= 1024 && n % 1024 === 0) {
    return `${n} bytes (${n / 1024} KiB)`;
  }
  return `${n} bytes`;
}
