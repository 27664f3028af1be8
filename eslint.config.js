// ESLint (flat config): docs/decisions/032-linting.md says what is checked and why.
// Not type-checked on purpose: `npm run typecheck` is the type check, this stays fast.
import { readdirSync } from 'node:fs';
import path from 'node:path';

import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const root = import.meta.dirname;
const modulesDir = path.join(root, 'server/src/modules');

// One zone per feature module: another module may import from it only its api.ts and its entity
// classes (the descriptor, index.ts, is for the composition root; docs/decisions/033).
const moduleZones = readdirSync(modulesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map(({ name }) => ({
    target: `server/src/modules/!(${name})/**`,
    from: `server/src/modules/${name}`,
    except: ['./api.ts', ...readdirSync(path.join(modulesDir, name)).filter((file) => file.endsWith('.entity.ts')).map((file) => `./${file}`)],
    message: `use the ${name} module through modules/${name}/api.ts (or its *.entity.ts), not its internals`,
  }));

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'client/src/gql/**',
      'sdk/src/generated/**',
      'migrations/.snapshot-*.json',
      '.data/**',
      'tests/.artifacts/**',
      'bench/.work/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // `_name` is how this code says "deliberately unused".
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
    },
  },
  {
    // Tests read GraphQL responses as untyped JSON; typing each one would only restate the schema.
    files: ['tests/**/*.ts', 'deploy/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Type-level tests: a bare expression under `@ts-expect-error` is the assertion.
    files: ['tests/**/*.typecheck.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['server/src/**/*.ts', 'client/src/**/*.{ts,tsx}', 'sdk/src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // import-x follows imports only into files it knows how to parse.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.client.json', 'sdk/tsconfig.json'].map((file) => path.join(root, file)),
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['server/src/**/*.ts'],
    ignores: ['server/src/main.ts', 'server/src/cli/**', 'server/src/app/**'],
    rules: {
      'import-x/no-restricted-paths': ['error', {
        basePath: root,
        zones: [
          { target: 'server/src', from: 'server/src/app', message: 'app/ is the composition root: only main.ts and cli/ import it' },
          ...moduleZones,
        ],
      }],
    },
  },
  {
    files: ['client/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
);
