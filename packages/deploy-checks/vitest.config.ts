import { defineConfig } from 'vitest/config';

// The checks shell out to docker-compose, kubectl, promtool, nginx, shellcheck and tsc: slow, and
// run one file at a time on a 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
