// Browser end-to-end run: builds, starts the real API and drives Chromium (see e2e/).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 420_000,
  },
});
