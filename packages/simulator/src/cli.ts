#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toCmapssText, toRulText } from './cmapss-text.js';
import { generateFleet } from './degradation.js';
import { lazyFleet } from './lazy-fleet.js';
import { readReplayFile } from './replay.js';
import { formatStreamReport, formatVerifyReport } from './stream-report.js';
import { streamTelemetry, type StreamEngine } from './stream.js';
import { verified, verifyAcknowledged } from './verify.js';

const USAGE = `rul-simulate — synthetic engine fleets for demos, tests and load

  rul-simulate generate [--engines 20] [--seed 1] [--truncate] [--out FILE] [--rul-out FILE]
      Write run-to-failure (or, with --truncate, test-style) histories as C-MAPSS text.

  rul-simulate stream [--api http://localhost:8000] [--engines 20] [--seed 1] [--rate 20]
                      [--batch 1] [--engines-per-request 500] [--concurrency 4] [--prefix SIM-]
                      [--single] [--ndjson] [--model NAME] [--duration SECONDS] [--max-retries 10]
                      [--verify] [--api-key KEY] [--file FILE]
      Stream engines cycle by cycle into POST /fleet/telemetry, many engines a request (--single:
      one engine a request into POST /engines/{id}/telemetry): generated ones, or with --file the
      units of a C-MAPSS-format file. --rate is acknowledged cycles per second across the fleet
      (0 = as fast as the API answers). --verify then reads every engine's stored telemetry back
      and fails unless each acknowledged cycle is stored as sent. The key may also come from RUL_API_KEY.`;

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function positiveInt(value: string | undefined, name: string, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer ≥ ${min}, got "${value}"`);
  return n;
}

function nonNegative(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a number ≥ 0, got "${value}"`);
  return n;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    engines: { type: 'string' },
    seed: { type: 'string' },
    truncate: { type: 'boolean' },
    out: { type: 'string' },
    'rul-out': { type: 'string' },
    api: { type: 'string' },
    'api-key': { type: 'string' },
    rate: { type: 'string' },
    batch: { type: 'string' },
    'engines-per-request': { type: 'string' },
    concurrency: { type: 'string' },
    prefix: { type: 'string' },
    file: { type: 'string' },
    single: { type: 'boolean' },
    ndjson: { type: 'boolean' },
    model: { type: 'string' },
    duration: { type: 'string' },
    'max-retries': { type: 'string' },
    verify: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const command = positionals[0];
if (values.help || !command) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(command || values.help ? 0 : 2);
}

const engines = positiveInt(values.engines, 'engines', 20);
const seed = positiveInt(values.seed, 'seed', 1, 0);

if (command === 'generate') {
  const fleet = generateFleet({ engines, seed, truncate: values.truncate ?? false });
  const text = toCmapssText(fleet);
  if (values.out) writeFileSync(values.out, text);
  else process.stdout.write(text);
  if (values['rul-out']) writeFileSync(values['rul-out'], toRulText(fleet));
} else if (command === 'stream') {
  const rate = nonNegative(values.rate, 'rate') ?? 20;
  const duration = nonNegative(values.duration, 'duration');
  if (values.single && values.ndjson) fail('--ndjson is a body of the bulk route; leave out --single');
  const prefix = values.prefix ?? 'SIM-';
  const api = values.api ?? 'http://localhost:8000';
  const apiKey = values['api-key'] ?? process.env.RUL_API_KEY;
  const concurrency = positiveInt(values.concurrency, 'concurrency', 4);
  const retry = { maxRetries: positiveInt(values['max-retries'], 'max-retries', 10, 0) };
  // Generated engines are drawn as they are sent (the same readings generateFleet gives), so
  // 10,000 engines need a few MB rather than the ~800 MB their whole lives take as objects.
  const fleet: StreamEngine[] = values.file
    ? readReplayFile(values.file, prefix)
    : lazyFleet({ engines, seed, unitName: (i) => `${prefix}${String(i + 1).padStart(3, '0')}` });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let acked = 0;
  let stoppedShown = 0;
  const progress = setInterval(
    () => process.stderr.write(`… ${acked.toLocaleString('en-US')} cycles acknowledged\n`),
    10_000,
  );
  progress.unref();
  const run = async () => {
    const report = await streamTelemetry({
      api,
      apiKey,
      engines: fleet,
      mode: values.single ? 'single' : 'bulk',
      format: values.ndjson ? 'ndjson' : 'json',
      model: values.model,
      rate,
      batch: positiveInt(values.batch, 'batch', 1),
      enginesPerRequest: positiveInt(values['engines-per-request'], 'engines-per-request', 500),
      concurrency,
      retry,
      ...(duration !== undefined ? { durationMs: duration * 1000 } : {}),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === 'acked') acked += e.cycles;
        // The report lists them all; live, the first few are enough to see what is going on.
        if (e.type === 'stopped' && ++stoppedShown <= 20) {
          process.stderr.write(
            `${e.engine.unit}: ${e.engine.outcome} ${e.engine.code}: ${e.engine.message}\n`,
          );
        }
      },
    });
    clearInterval(progress);
    process.stdout.write(`${formatStreamReport(report)}\n`);
    let ok = report.ledger.stopped.length === 0;
    if (values.verify) {
      const check = await verifyAcknowledged({
        api,
        apiKey,
        engines: fleet,
        ledger: report.ledger,
        concurrency,
        retry,
        signal: controller.signal,
      });
      process.stdout.write(`${formatVerifyReport(check)}\n`);
      ok &&= verified(check);
    }
    return ok;
  };
  const ok = await run().catch((error: unknown) => {
    if (controller.signal.aborted) process.exit(130);
    throw error;
  });
  process.exit(ok ? 0 : 1);
} else {
  fail(`unknown command "${command}"`);
}
