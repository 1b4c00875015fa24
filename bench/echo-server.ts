import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

// The load bench's floor: a bare Node `http` server that does what POST /convert does with its
// bytes and nothing else. It reads the whole body, answers a fresh copy of it (a new buffer, as
// the converter's output is) as application/octet-stream, and keeps the connection alive.
// Prints its port on stdout once it listens; stops on SIGTERM.
//   node dist/bench/echo-server.js [port]
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  let length = 0;
  req.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  });
  req.on('end', () => {
    const out = Buffer.allocUnsafe(length);
    let at = 0;
    for (const c of chunks) {
      at += c.copy(out, at);
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': length });
    res.end(out);
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => {
  process.stdout.write(`${(server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
