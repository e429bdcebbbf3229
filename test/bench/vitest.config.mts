import { defineConfig } from 'vitest/config';

// Benchmarks written against the TypeScript test helpers; not part of `npm test`.
export default defineConfig({
  test: {
    include: ['test/bench/*.bench.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
