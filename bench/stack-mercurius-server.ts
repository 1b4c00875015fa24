import Fastify from 'fastify';
import mercurius from 'mercurius';
import type { AddressInfo } from 'node:net';

// A reference for the load bench (--stack): the GraphQL row's request to bare Fastify with
// mercurius and nothing else. The schema has the compatibility query's shape, its resolver
// answers a report made once (the service's answers from its cache, without a promise, too),
// and mercurius compiles the query as the service's does (jit: 1). No hooks, no logging, no
// validation rules beyond graphql-js's own, no Nest. Its rate is the most a mercurius route can
// reach for this query on the machine; the service's GraphQL row against it is what the
// service adds (its gate, limits, logs, metrics and error shapes).
//   node dist/bench/stack-mercurius-server.js [port]
const schema = `
  type LostField { name: String! offset: Int! }
  type CompatibilityReport { from: String! to: String! verdict: String! inPlace: Boolean! revisionConflict: Boolean! lost: [LostField!]! }
  type Query { compatibility(from: String!, to: String!): CompatibilityReport! }
`;
const REPORT = { verdict: 'compatible', inPlace: false, revisionConflict: true, lost: [] };

const app = Fastify({ logger: false });
void app.register(mercurius, {
  schema,
  jit: 1,
  resolvers: { Query: { compatibility: (_root: unknown, { from, to }: { from: string; to: string }) => ({ from, to, ...REPORT }) } },
});
void app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' }).then(() => {
  process.stdout.write(`${(app.server.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => process.exit(0));
