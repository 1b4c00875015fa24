import Fastify from 'fastify';
import type { AddressInfo } from 'node:net';
import { copyWithConvertHeaders } from './stack-reply';

// A reference for the load bench (--stack): the service's HTTP stack without the service. Bare
// Fastify, one route of POST /convert's shape, whose handler does what the echo does (a fresh
// copy of the body) and sets the headers a raw conversion carries. No hooks, no logging, no
// Nest. Its ratio to the floor is the most any Fastify route can reach on the machine.
//   node dist/bench/stack-fastify-server.js [port]
const app = Fastify({ logger: false });
app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
app.post('/convert/:from/:to', (request, reply) => {
  const { from, to } = request.params as { from: string; to: string };
  void reply.send(copyWithConvertHeaders(request.body as Buffer, from, to, (name, value) => void reply.header(name, value)));
});
void app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' }).then(() => {
  process.stdout.write(`${(app.server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
