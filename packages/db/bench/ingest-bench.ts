// `pnpm --filter @rul/db bench`: telemetry ingestion throughput on both backends, one writer, batches
// of 1 and of 50 cycles per call (each call is one committed transaction), and bulk calls
// (ingestMany) over a fleet of 10,000 engines. Prints a Markdown table.
// BENCH_BULK_ROUNDS (default 3) sets how many times the bulk scenario goes round the fleet.
// PostgreSQL: BENCH_DATABASE_URL, else DATABASE_URL, else the local test server; a throwaway schema.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '../src/database.js';
import { migrate } from '../src/migrate.js';
import { openDatabase } from '../src/open-database.js';
import { createRepositories } from '../src/repositories/index.js';
import type { CycleReading } from '../src/telemetry-input.js';

const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CYCLES = { 1: 1000, 50: 10_000 } as const;
/** Bulk scenario: the fleet, engines per call, new cycles per engine per call. */
const BULK = { engines: 10_000, enginesPerCall: 1000, cyclesPerEngine: 5 } as const;
const BULK_ROUNDS = Number(process.env.BENCH_BULK_ROUNDS ?? 3);

function reading(cycle: number): CycleReading {
  return {
    cycle,
    settings: [Math.sin(cycle), Math.cos(cycle), 100],
    sensors: Array.from({ length: 21 }, (_, i) => 500 + i + Math.sin(cycle * (i + 1)) / 10),
  };
}

interface Row {
  backend: string;
  /** Engines × cycles per call. */
  batch: string;
  cycles: number;
  seconds: number;
  p50: number;
  p95: number;
}

async function run(backend: string, db: Database, batch: 1 | 50): Promise<Row> {
  const repos = createRepositories(db);
  const engine = `BENCH-${batch}`;
  const total = CYCLES[batch];
  await repos.telemetry.ingest(engine, [reading(1)]); // warm-up: engine row, statement plans
  const latencies: number[] = [];
  const started = performance.now();
  for (let c = 2; c < total + 2; c += batch) {
    const chunk = Array.from({ length: batch }, (_, i) => reading(c + i));
    const t = performance.now();
    await repos.telemetry.ingest(engine, chunk);
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - started) / 1000;
  return { backend, batch: `1 × ${batch}`, cycles: total, seconds, ...percentiles(latencies) };
}

function percentiles(latencies: number[]): { p50: number; p95: number } {
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0;
  return { p50: pct(0.5), p95: pct(0.95) };
}

/** ingestMany over the whole fleet: each round sends every engine its next cycles. */
async function runBulk(backend: string, db: Database): Promise<Row> {
  const repos = createRepositories(db);
  const ids = Array.from({ length: BULK.engines }, (_, i) => `FLEET-${String(i).padStart(5, '0')}`);
  const call = (from: number, round: number) =>
    repos.telemetry.ingestMany(
      ids.slice(from, from + BULK.enginesPerCall).map((engineId) => ({
        engineId,
        cycles: Array.from({ length: BULK.cyclesPerEngine }, (_, c) =>
          reading(round * BULK.cyclesPerEngine + c + 1),
        ),
      })),
    );
  // Round 0 creates the engines and warms the plans; it is not measured.
  for (let from = 0; from < ids.length; from += BULK.enginesPerCall) await call(from, 0);
  const latencies: number[] = [];
  const started = performance.now();
  for (let round = 1; round <= BULK_ROUNDS; round++) {
    for (let from = 0; from < ids.length; from += BULK.enginesPerCall) {
      const t = performance.now();
      const res = await call(from, round);
      latencies.push(performance.now() - t);
      if (res.some((r) => r.outcome !== 'stored')) throw new Error('bulk bench: an engine was not stored');
    }
  }
  const seconds = (performance.now() - started) / 1000;
  const cycles = BULK_ROUNDS * BULK.engines * BULK.cyclesPerEngine;
  return {
    backend,
    batch: `${BULK.enginesPerCall} × ${BULK.cyclesPerEngine} (of ${BULK.engines} engines)`,
    cycles,
    seconds,
    ...percentiles(latencies),
  };
}

async function withPostgres(fn: (db: Database) => Promise<void>): Promise<void> {
  const schema = `rul_bench_${randomBytes(4).toString('hex')}`;
  const db = await openDatabase({ databaseUrl: PG_URL, schema });
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.close();
  }
}

async function withPglite(fn: (db: Database) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'rul-bench-'));
  const db = await openDatabase({ dataDir: dir });
  try {
    await migrate(db);
    await fn(db);
  } finally {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const [name, open] of [
  ['postgres', withPostgres],
  ['pglite (persisted)', withPglite],
] as const) {
  try {
    await open(async (db) => {
      for (const batch of [1, 50] as const) rows.push(await run(name, db, batch));
      rows.push(await runBulk(name, db));
    });
  } catch (err) {
    console.error(`${name}: skipped (${err instanceof Error ? err.message : String(err)})`);
  }
}

const fmt = (n: number, digits = 1) => n.toFixed(digits);
console.log('| backend | engines × cycles/call | cycles | cycles/s | ms/call p50 | ms/call p95 |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(
    `| ${r.backend} | ${r.batch} | ${r.cycles} | ${fmt(r.cycles / r.seconds, 0)} | ${fmt(r.p50, 2)} | ${fmt(r.p95, 2)} |`,
  );
}
