/**
 * Child process of the fleet bench: the real buildApp with fleet storage (PostgreSQL when the env
 * names DATABASE_URL, else the embedded database in DATA_DIR), listening on a free port. Answers
 * `sizes` (rows and bytes of telemetry and prediction history, partitions and indexes included) and
 * `stop` over IPC.
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

/** A table's rows, and its bytes with those of its partitions (a partitioned parent has none itself). */
async function tableSize(table: string) {
  const bytes = await app.db.query<{ bytes: string }>(
    `SELECT coalesce(sum(pg_total_relation_size(oid)), 0)::text AS bytes FROM pg_class
      WHERE oid = $1::regclass OR oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = $1::regclass)`,
    [table],
  );
  const rows = await app.db.query<{ rows: string }>(`SELECT count(*)::text AS rows FROM ${table}`);
  return { rows: Number(rows.rows[0]?.rows ?? 0), bytes: Number(bytes.rows[0]?.bytes ?? 0) };
}

process.on('message', async (msg: string) => {
  if (msg === 'sizes') {
    process.send?.({
      sizes: { telemetry: await tableSize('telemetry'), predictions: await tableSize('predictions') },
    });
  }
  if (msg === 'stop') {
    await app.close();
    process.exit(0);
  }
});
process.send?.({ address, database: app.db.kind });
