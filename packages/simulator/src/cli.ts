#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toCmapssText, toRulText } from './cmapss-text.js';
import { generateFleet } from './degradation.js';
import { readReplayFile } from './replay.js';
import { streamTelemetry } from './stream.js';

const USAGE = `rul-simulate — synthetic engine fleets for demos, tests and load

  rul-simulate generate [--engines 20] [--seed 1] [--truncate] [--out FILE] [--rul-out FILE]
      Write run-to-failure (or, with --truncate, test-style) histories as C-MAPSS text.

  rul-simulate stream [--api http://localhost:8000] [--engines 20] [--seed 1] [--rate 20]
                      [--batch 1] [--concurrency 4] [--prefix SIM-] [--api-key KEY] [--file FILE]
      Stream engines cycle by cycle into POST /engines/{id}/telemetry: generated ones, or with
      --file the units of a C-MAPSS-format file replayed in order.
      --rate is cycles per second across the fleet (0 = as fast as the API answers).
      The key may also come from RUL_API_KEY.`;

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
    concurrency: { type: 'string' },
    prefix: { type: 'string' },
    file: { type: 'string' },
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
  const rate = Number(values.rate ?? 20);
  if (!Number.isFinite(rate) || rate < 0) fail(`--rate must be a number ≥ 0, got "${values.rate}"`);
  const prefix = values.prefix ?? 'SIM-';
  const fleet = values.file
    ? readReplayFile(values.file, prefix)
    : generateFleet({ engines, seed, unitName: (i) => `${prefix}${String(i + 1).padStart(3, '0')}` });
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const summary = await streamTelemetry({
    api: values.api ?? 'http://localhost:8000',
    apiKey: values['api-key'] ?? process.env.RUL_API_KEY,
    engines: fleet,
    rate,
    batch: positiveInt(values.batch, 'batch', 1),
    concurrency: positiveInt(values.concurrency, 'concurrency', 4),
    signal: controller.signal,
    onEvent: (e) => {
      if (e.type === 'rejected')
        process.stderr.write(`${e.unit}: HTTP ${e.status} ${JSON.stringify(e.body)}\n`);
    },
  }).catch((error: unknown) => {
    if (controller.signal.aborted) process.exit(130);
    throw error;
  });
  const seconds = summary.elapsedMs / 1000;
  process.stdout.write(
    `${summary.cyclesSent} cycles in ${summary.requests} requests over ${seconds.toFixed(1)} s ` +
      `(${(summary.cyclesSent / Math.max(seconds, 1e-9)).toFixed(1)} cycles/s), ` +
      `${summary.retries} retries, ${summary.rejected} rejected\n`,
  );
  process.exit(summary.rejected ? 1 : 0);
} else {
  fail(`unknown command "${command}"`);
}
