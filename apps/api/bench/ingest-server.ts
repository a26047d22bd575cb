/**
 * Child process of the ingestion and fleet benches: the real buildApp with fleet storage (PostgreSQL
 * when the env names DATABASE_URL, else the embedded database in DATA_DIR), listening on a free port.
 * Answers `sizes` (rows and bytes of telemetry and prediction history, partitions and indexes
 * included) and `stop` over IPC.
 */
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/load-config.js';

const env = JSON.parse(process.env['BENCH_SERVER_ENV'] ?? '{}') as Record<string, string>;
const config = loadConfig({
  LOG_LEVEL: 'warn',
  AUTH_MODE: 'disabled',
  RATE_LIMIT_MAX: '0',
  DEMO_SEED: '0',
  ...env,
  PORT: '0',
});
const app = await buildApp(config, { logger: false });
const address = await app.listen({ port: 0, host: '127.0.0.1' });
await app.models.load();
if (!app.models.ready)
  throw new Error(`models not ready: ${app.model.error ?? 'a bundled model failed to load'}`);
await app.modelRegistry.bootstrapped;

process.on('message', async (msg: string) => {
  if (msg === 'sizes') {
    process.send?.({ sizes: await app.repos.storage.sizes() });
  }
  if (msg === 'stop') {
    await app.close();
    process.exit(0);
  }
});
process.send?.({ address, database: app.db.kind, cache: app.cache.kind });
