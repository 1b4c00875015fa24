import type { FastifyReply } from 'fastify';

// Headers kept as one list, name, value, name, value..., so that a Fastify reply and a plain
// Node response (the raw conversion lane's writeHead) send the same ones in the same order.
export function setHeaderList(reply: FastifyReply, headers: readonly string[]): void {
  for (let i = 0; i < headers.length; i += 2) {
    void reply.header(headers[i] as string, headers[i + 1]);
  }
}
