/**
 * Child process for the bench: the real buildApp listening on a free port. `--skip-inference` turns on
 * the bench-only option that answers after validation without ONNX Runtime (the HTTP-bound limit);
 * that option exists only in buildApp's options, never in the environment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';

const skipInference = process.argv.includes('--skip-inference');
const env = JSON.parse(process.env['BENCH_SERVER_ENV'] ?? '{}') as Record<string, string>;
// Fresh fleet storage: a registry left in the default DATA_DIR could make the server serve another
// model than the bundled one the bench reports.
const dataDir = mkdtempSync(join(tmpdir(), 'rul-bench-data-'));
const config = loadConfig({
  LOG_LEVEL: 'warn',
  AUTH_MODE: 'disabled',
  RATE_LIMIT_MAX: '0',
  DATA_DIR: dataDir,
  // No demo fleet: seeding it right after start would compete with the first measured rounds.
  DEMO_SEED: '0',
  ...env,
  PORT: '0',
});
const app = await buildApp(config, { skipInference, logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
await app.model.load();
if (app.model.state !== 'ready') throw new Error(`model not ready: ${app.model.error}`);

process.on('message', async (msg: string) => {
  if (msg === 'rss') process.send?.({ maxRssBytes: process.resourceUsage().maxRSS * 1024 });
  if (msg === 'stop') {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send?.({
  address,
  threads: config.INFERENCE_THREADS,
  readers: config.BODY_READER_THREADS,
  readerMinBytes: config.BODY_READER_MIN_BYTES,
  maxBatch: config.BATCH_MAX_SIZE,
  version: app.model.card?.version,
});
