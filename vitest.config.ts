import { defineConfig } from 'vitest/config';

import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // type-graphql (CommonJS) loads graphql's CommonJS build; Vite would pick the .mjs one for our
    // code, and two graphql instances cannot share a schema. Node itself resolves to CommonJS too.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    setupFiles: ['tests/helpers/setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two cores: more workers only queue behind the database.
    maxWorkers: 2,
    env: { NODE_ENV: 'test' },
  },
});
