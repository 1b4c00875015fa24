// One Jest project per test tier (file-name convention); `npm test` runs them all.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];
// NestJS 12, graphql-ws and content-disposition (loaded by mercurius via @fastify/static) ship ES
// modules only. Node 20 can require() them, Jest's module system cannot, so those packages go
// through swc like our own code; mercurius too, whose import('quick-lru') Jest runs only once
// swc has made it a require().
const ESM_PACKAGES = ['@nestjs', 'graphql-ws', 'uid', 'iterare', 'load-esm', 'content-disposition', 'mercurius', 'quick-lru'];
const base = {
  transform: { '^.+\\.(ts|js|mjs)$': swc },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testEnvironment: 'node',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  // fast-check from a fixed seed (FUZZ_SEED overrides): see the file.
  setupFiles: ['<rootDir>/test/support/fast-check-setup.ts'],
};

// Suites whose assertions bound latency or rely on short server timers (an attack must not
// push /health/live's p99 past 2 s; slow clients meet 300-1500 ms timeouts). They run in a
// project of their own that `npm test` runs after the rest, in band: next to another worker
// (a Chromium suite, a `nest build`) their bounds measured that worker, and failed at random.
const TIMING = ['test/e2e/security/attacks.e2e-spec.ts', 'test/e2e/security/connections.e2e-spec.ts', 'test/e2e/hardening/timeouts.e2e-spec.ts'];

module.exports = {
  // Global: Jest ignores testTimeout inside a project. Apps and databases start in hooks.
  testTimeout: 60_000,
  // At least two workers. Jest's default (cores - 1) is one worker on a 2-core machine, and
  // the suites spend much of their time waiting on services, Postgres and Chromium: two
  // workers took the full run from 10-15 to 7-8 minutes there. Timing bounds in the tests
  // are set for a loaded machine (see test/e2e/security/attacks.e2e-spec.ts).
  maxWorkers: Math.max(2, require('node:os').availableParallelism() - 1),
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/unit/**/*.spec.ts', '<rootDir>/dashboard/src/**/*.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['<rootDir>/test/int/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      testPathIgnorePatterns: TIMING.map((f) => `<rootDir>/${f}`),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
    {
      ...base,
      displayName: 'e2e-timing',
      testMatch: TIMING.map((f) => `<rootDir>/${f}`),
      globalSetup: '<rootDir>/test/support/global-setup.ts',
    },
  ],
};
