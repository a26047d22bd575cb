import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration files open real databases; WASM start-up plus concurrency bursts need headroom.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
