/** Builds the real app (buildApp) against the committed fixture model with test-friendly config. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildOptions } from '../../src/app.js';
import { hashKey } from '../../src/config/api-keys.js';
import { loadConfig } from '../../src/config/load-config.js';

export const FIXTURE_MODEL_DIR = fileURLToPath(new URL('../fixtures/model', import.meta.url));
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../../../models', import.meta.url));
export const REAL_MODEL_DIR = join(BUNDLED_MODELS_DIR, 'default');

export const READ_KEY = 'test-read-key-0123456789';
export const ADMIN_KEY = 'test-admin-key-0123456789';
export const TEST_API_KEYS = `reader:read:${hashKey(READ_KEY)},ops:admin:${hashKey(ADMIN_KEY)}`;

let scratchDataDir: string | undefined;

/**
 * A DATA_DIR of this test file's own, under the run's scratch folder (test/global-setup.ts removes
 * it): an app built with fleet storage and no DATA_DIR must never write into the repository's
 * default `.data`, whose registry the next `pnpm start` would serve from.
 */
export function testDataDir(): string {
  scratchDataDir ??= mkdtempSync(join(process.env['RUL_TEST_DATA_ROOT'] ?? tmpdir(), 'data-'));
  return scratchDataDir;
}

export function testConfig(env: Record<string, string> = {}) {
  return loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: testDataDir(),
    LOG_LEVEL: 'silent',
    MODEL_DIR: FIXTURE_MODEL_DIR,
    DASHBOARD_DIR: '/nonexistent-dashboard',
    INFERENCE_THREADS: '1',
    ...env,
  });
}

/** App with the model loaded and verified (unless `autoloadModel: false`). */
export async function startApp(
  env: Record<string, string> = {},
  options: BuildOptions = {},
): Promise<FastifyInstance> {
  // Fleet storage (an embedded database per app) only where a test asks for it: it costs seconds.
  const app = await buildApp(testConfig(env), { logger: false, fleet: false, ...options });
  await app.ready();
  if (options.autoloadModel !== false) await app.models.load();
  return app;
}
