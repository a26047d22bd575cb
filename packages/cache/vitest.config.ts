import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The outage tests' TCP proxy, from source rather than a possibly stale dist/.
    alias: {
      '@rul/db/testing': fileURLToPath(new URL('../db/src/testing/tcp-proxy.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
