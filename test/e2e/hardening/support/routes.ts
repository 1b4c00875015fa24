import type { FastifyInstance } from 'fastify';

// Every "METHOD /path" the app serves for the given methods, read back from Fastify's route
// tree (printRoutes draws it with ├──/└── at four columns per level).
export function listRoutes(fastify: FastifyInstance, methods: string[]): string[] {
  const out = new Set<string>();
  for (const method of methods) {
    const stack: string[] = [];
    for (const line of fastify.printRoutes({ method, commonPrefix: false }).split('\n')) {
      const m = /^([│ ]*)(?:├── |└── )(\S+)(?: \(([^)]*)\))?/.exec(line);
      if (!m) {
        continue;
      }
      const depth = (m[1] ?? '').length / 4;
      stack.length = depth;
      stack.push(m[2] ?? '');
      const served = (m[3] ?? '').split(',').map((s) => s.trim());
      if (served.includes(method)) {
        out.add(`${method} ${stack.join('')}`);
      }
    }
  }
  return [...out].sort();
}
