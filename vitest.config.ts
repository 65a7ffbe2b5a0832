import { createRequire } from 'node:module';

import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql ships CJS and ESM builds; several libraries import different ones, and two copies
    // of graphql cannot share a schema. Pin every import to the one build.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration tests start real servers on free ports; files run in parallel workers.
    pool: 'forks',
  },
});
