// The requests the load bench sends: the floor (a bare Node echo of 4 KiB, bench/echo-server.ts)
// and the service's endpoints that issue 18 measures against it.
const REVISION_V4_14 = 0x11e57ed0;

export interface Endpoint {
  key: string;
  name: string;
  server: 'echo' | 'service' | 'against' | 'fastify' | 'nest' | 'mercurius';
  path: string;
  method: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string | Buffer;
}

// A linux-v4.14 blob: its revision id, and every other dword non-zero.
function blob(): Buffer {
  const b = Buffer.alloc(4096);
  for (let i = 4; i < b.length; i += 8) {
    b.writeUInt32LE((i * 2654435761) >>> 0, i);
  }
  b.writeUInt32LE(REVISION_V4_14, 0);
  return b;
}

const CONVERT_PATH = '/convert/linux-v4.14/linux-v4.17-pinned';
const COMPAT_QUERY = JSON.stringify({
  query: '{ compatibility(from: "linux-v4.14", to: "linux-v4.17-pinned") { verdict inPlace revisionConflict lost { name offset } } }',
});
const OCTETS = { 'content-type': 'application/octet-stream' };
const JSON_TYPE = { 'content-type': 'application/json' };

export const ENDPOINTS: Endpoint[] = [
  { key: 'echo', name: 'floor: bare node echo, 4 KiB', server: 'echo', path: '/', method: 'POST', headers: OCTETS, body: blob() },
  { key: 'convert-raw', name: 'POST /convert raw 4 KiB', server: 'service', path: CONVERT_PATH, method: 'POST', headers: OCTETS, body: blob() },
  {
    key: 'convert-json',
    name: 'POST /convert base64 JSON',
    server: 'service',
    path: CONVERT_PATH,
    method: 'POST',
    headers: JSON_TYPE,
    body: JSON.stringify({ blob: blob().toString('base64') }),
  },
  { key: 'graphql', name: 'POST /graphql compatibility', server: 'service', path: '/graphql', method: 'POST', headers: JSON_TYPE, body: COMPAT_QUERY },
  { key: 'health', name: 'GET /health/live', server: 'service', path: '/health/live', method: 'GET' },
];

// --stack: the same request to the stack without the service (bench/stack-*-server.ts).
export const STACK_ENDPOINTS: Endpoint[] = [
  { key: 'fastify', name: 'stack: bare Fastify route', server: 'fastify', path: CONVERT_PATH, method: 'POST', headers: OCTETS, body: blob() },
  { key: 'nest', name: 'stack: bare Nest route', server: 'nest', path: CONVERT_PATH, method: 'POST', headers: OCTETS, body: blob() },
  { key: 'mercurius', name: 'stack: bare mercurius query', server: 'mercurius', path: '/graphql', method: 'POST', headers: JSON_TYPE, body: COMPAT_QUERY },
];

