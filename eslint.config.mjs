// Lint rules that carry architecture: the layers of src/ (docs/architecture.md "Layers"), no import cycle in src/,
// src/domain is pure (no I/O, no clock: docs/reference/design-models.md#functional-core-imperative-shell), and only
// only the PowerShell adapter's process start (spawn-shell.ts) may import node-powershell.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

const root = path.dirname(fileURLToPath(import.meta.url));

/**
 * The layers of src/ and what each may import (besides itself). A folder not listed here has no place yet: add it
 * to this table (and to docs/architecture.md) before code goes into it. `kernel` is the files directly in src/
 * (errors, assets, version, project root): every layer but domain and contracts may use them.
 *   cli -> app -> engine -> domain; adapters and simulation at the edge, wired only by app (and cli);
 *   report -> logging, never the other way.
 */
const LAYERS = {
  cli: [
    'app',
    'packaging',
    'engine',
    'report',
    'logging',
    'domain',
    'adapters/powershell',
    'adapters/fs',
    'simulation',
    'schemas',
    'contracts',
    'kernel',
  ],
  app: [
    'engine',
    'report',
    'logging',
    'domain',
    'adapters/powershell',
    'adapters/fs',
    'simulation',
    'schemas',
    'contracts',
    'kernel',
  ],
  packaging: ['engine', 'domain', 'schemas', 'contracts', 'kernel'],
  simulation: [
    'adapters/powershell',
    'adapters/fs',
    'engine',
    'logging',
    'domain',
    'schemas',
    'contracts',
    'kernel',
  ],
  'adapters/powershell': ['adapters/fs', 'schemas', 'contracts', 'kernel'],
  engine: ['logging', 'domain', 'adapters/fs', 'schemas', 'contracts', 'kernel'],
  report: ['logging', 'domain', 'adapters/fs', 'schemas', 'contracts', 'kernel'],
  logging: ['domain', 'adapters/fs', 'contracts', 'kernel'],
  'adapters/fs': ['kernel'],
  schemas: ['contracts', 'kernel'],
  domain: ['contracts'],
  contracts: [],
  kernel: ['contracts'],
};

const kernelFiles = fs
  .readdirSync(path.join(root, 'src'), { withFileTypes: true })
  .filter((e) => e.isFile() && e.name.endsWith('.ts'))
  .map((e) => `src/${e.name}`);
const layerPaths = (layer) => (layer === 'kernel' ? kernelFiles : [`src/${layer}`]);

/** One zone per layer: everything in src/ that is not the layer itself or a layer it may import. */
const layerZones = Object.entries(LAYERS).flatMap(([layer, allowed]) => {
  const from = Object.keys(LAYERS)
    .filter((other) => other !== layer && !allowed.includes(other))
    // adapters/fs and adapters/powershell are told apart; "adapters" as a whole is never a target of its own.
    .flatMap(layerPaths);
  if (from.length === 0) return [];
  return layerPaths(layer).map((target) => ({
    target,
    from,
    message: `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'itself'} (the layers: eslint.config.mjs LAYERS, docs/architecture.md).`,
  }));
});

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
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.d.ts', '.js', '.json'] })],
      // no-cycle follows only the files it can parse: TypeScript, with typescript-eslint's parser.
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { basePath: root, zones: layerZones }],
      // A circle of runtime imports in src/ (type-only imports cannot form one at run time).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'node-powershell',
              message:
                'Only src/adapters/powershell/spawn-shell.ts imports node-powershell (the session drives what it starts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/adapters/powershell/spawn-shell.ts'],
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
