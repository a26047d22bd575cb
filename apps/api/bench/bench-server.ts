/**
 * Child process for the bench: the real buildApp listening on a free port. `--skip-inference` turns on
 * the bench-only option that answers after validation without ONNX Runtime (the HTTP-bound limit);
 * that option exists only in buildApp's options, never in the environment.
 *
 * Peak RSS: on Linux the kernel's high-water mark (VmHWM) can be reset (`5` written to
 * /proc/self/clear_refs), so the bench reads the peak of each scenario on its own rather than the peak
 * since start, which creating the embedded database dominates. Elsewhere it is the peak since start.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
await app.models.load();
if (!app.models.ready)
  throw new Error(`models not ready: ${app.model.error ?? 'a bundled model failed to load'}`);

/** The resident-set high-water mark in bytes (since start, or since the last reset). */
function peakRss(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Number(hwm[1]) * 1024;
  } catch {
    // not Linux: getrusage's peak, which cannot be reset
  }
  return process.resourceUsage().maxRSS * 1024;
}

/** Resets the high-water mark to the current RSS; false where the system cannot. */
function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const startPeakRssBytes = peakRss();

process.on('message', async (msg: string) => {
  if (msg === 'rss') process.send?.({ maxRssBytes: peakRss() });
  if (msg === 'rss-reset') process.send?.({ reset: resetPeakRss() });
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
  startPeakRssBytes,
});
