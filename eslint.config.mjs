// Lint rules that carry architecture: src/domain is pure (no I/O, no clock), and only the PowerShell adapter may
// import node-powershell (docs/reference/design-models.md#functional-core-imperative-shell).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'build/out/**',
      '.tools/**',
      'coverage/**',
      'src/contracts/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        module: 'writable',
        require: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node-powershell',
              message: 'Only src/adapters/powershell/session.ts talks to node-powershell.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/powershell/session.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*', 'fs', 'path', 'child_process', 'os', 'crypto'],
              message: 'src/domain is pure: no I/O.',
            },
            {
              group: ['node-powershell', 'winston', 'yargs', 'ajv', 'ajv/*'],
              message: 'src/domain is pure.',
            },
            {
              // From src/domain and from its sub-folders (src/domain/planning/).
              group: ['adapters', 'engine', 'cli', 'logging', 'schemas'].flatMap((layer) => [
                `../${layer}/*`,
                `../../${layer}/*`,
              ]),
              message: 'src/domain imports nothing from the outer layers.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'The planner takes the time as an argument.' },
        'process',
        'setTimeout',
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'The planner is deterministic.',
        },
      ],
    },
  },
);
