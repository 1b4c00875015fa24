// Type-checked lint. The core/glue boundary is also enforced by test/unit/core-boundary.spec.ts,
// which a disable comment cannot silence.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'dashboard/*', '!dashboard/src', 'scripts/**', '*.js', '*.mjs', 'prisma.config.ts'] },
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      eqeqeq: 'error',
      curly: 'error',
      // On a Node Buffer (every request body, CLI stdin) slice() is a view, not a copy: writing the
      // "copy" wrote the input (container conversion once returned zeros this way).
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[arguments.length=0] > MemberExpression.callee[property.name='slice']",
          message: 'x.slice() is a view of a Buffer: copy bytes with new Uint8Array(x), arrays with [...x]',
        },
      ],
    },
  },
  {
    // The browser app has its own compiler options (DOM, ES modules); the spec config covers its
    // tests as well as its sources.
    files: ['dashboard/src/**/*.ts'],
    languageOptions: { parserOptions: { projectService: false, project: './dashboard/tsconfig.spec.json', tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '@prisma/*', 'pg', '**/modules/**', '**/infra/**', '**/generated/**'], message: 'the core is plain TypeScript' },
            { group: ['node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram'], message: 'the core does no networking' },
          ],
        },
      ],
    },
  },
);
