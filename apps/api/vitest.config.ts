import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Test against the shared package's source, not a stale dist/.
    alias: {
      '@rul/cmapss': fileURLToPath(new URL('../../packages/cmapss/src/index.ts', import.meta.url)),
      // Before '@rul/db': the first alias whose key prefixes the import wins.
      '@rul/db/testing': fileURLToPath(
        new URL('../../packages/db/src/testing/tcp-proxy.ts', import.meta.url),
      ),
      '@rul/db': fileURLToPath(new URL('../../packages/db/src/index.ts', import.meta.url)),
      '@rul/cache': fileURLToPath(new URL('../../packages/cache/src/index.ts', import.meta.url)),
      '@rul/simulator': fileURLToPath(new URL('../../packages/simulator/src/index.ts', import.meta.url)),
    },
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each app test file starts ONNX Runtime workers; two files at a time fits a 2-core box.
    maxWorkers: 2,
  },
});
