// Type-checked lint. The core/glue boundary is also enforced by test/unit/core-boundary.spec.ts,
// which a disable comment cannot silence.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'src/generated/**', 'dashboard/**', 'scripts/**', '*.js', '*.mjs', 'prisma.config.ts'] },
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
    },
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
