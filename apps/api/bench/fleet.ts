/**
 * `pnpm bench:fleet`: the fleet at scale, end to end through HTTP, on a PostgreSQL instance of the
 * bench's own (so it can restart it) and on the embedded database:
 *   - ingest cycles/s through POST /fleet/telemetry, the simulator's bulk streamer as the client;
 *   - p50/p99 of GET /engines?sort=rul (first page, cursor page) and GET /fleet/summary with ~10
 *     million stored cycles, and the dashboard's first render in Chromium;
 *   - storage per million cycles; how each grows from 1,000 to 10,000 engines;
 *   - zero acknowledged loss across a PostgreSQL restart mid-stream.
 * Writes its section of docs/benchmarks.md. `--quick`: small sizes, for a smoke run (a few minutes);
 * `--report FILE`: the section again from a run's saved results, measuring nothing.
 * Environment: TEST_REDIS_URL (default redis://127.0.0.1:6379), PG_BIN, BENCH_SKIP_BUILD=1.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '@rul/db';
import { startFleetServer, type FleetServer } from './fleet-harness.js';
import { runIngest, type IngestRun } from './fleet-ingest.js';
import { PG_SETTINGS, startOwnPostgres, type OwnPostgres } from './fleet-postgres.js';
import { firstRender, predictSeeded, routeLatencies } from './fleet-reads.js';
import { section, writeSection, type FleetResults, type ReadsAt } from './fleet-report.js';
import { runRestart } from './fleet-restart.js';
import { seedFleet } from './fleet-seed.js';
import { machine } from './report.js';

const quick = process.argv.includes('--quick');
const REDIS_URL = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
const SCHEMA = 'fleet_bench';

/** Sizes: the full run fits in ~20 minutes on the 2-core box; --quick in a few. */
const P = quick
  ? {
      ingestEngines: [100, 1_000],
      ingestSeconds: 8,
      reads: { first: 100, firstCycles: 1_000, total: 1_000, restCycles: 60 },
      latencySeconds: 2,
      clients: [1, 8],
      renderRuns: 2,
      restart: { engines: 500, seconds: 10, after: 3_000 },
    }
  : {
      ingestEngines: [1_000, 10_000],
      ingestSeconds: 40,
      reads: { first: 1_000, firstCycles: 10_000, total: 10_000, restCycles: 60 },
      latencySeconds: 5,
      clients: [1, 4, 16],
      renderRuns: 5,
      restart: { engines: 10_000, seconds: 30, after: 10_000 },
    };
/** Bulk requests: 10 cycles per engine (a gateway reporting every 10 cycles), up to 500 engines each. */
const STREAM = { batch: 10, enginesPerRequest: 500, concurrency: 4 };

const load = () => loadavg()[0] ?? 0;
const tempDirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'rul-fleet-bench-'));
  tempDirs.push(dir);
  return dir;
};

async function postgresEnv(pg: OwnPostgres, admin: Database, database: string) {
  await admin.query(`CREATE DATABASE ${database}`);
  return {
    DATABASE_URL: pg.url(database),
    DB_SCHEMA: SCHEMA,
    REDIS_URL,
    REDIS_KEY_PREFIX: `rul-fleet-bench-${randomBytes(4).toString('hex')}:`,
    DATA_DIR: tempDir(),
  };
}

async function reads(pg: OwnPostgres, admin: Database): Promise<ReadsAt[]> {
  const env = await postgresEnv(pg, admin, 'fleet_reads');
  const server = await startFleetServer(env);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, schema: SCHEMA });
  const results: ReadsAt[] = [];
  try {
    const { first, firstCycles, total, restCycles } = P.reads;
    const phases = [
      { from: 1, count: first, cycles: firstCycles },
      { from: first + 1, count: total - first, cycles: restCycles },
    ];
    for (const phase of phases) {
      const t0 = performance.now();
      await seedFleet(db, {
        prefix: 'R-',
        first: phase.from,
        count: phase.count,
        cyclesPerEngine: phase.cycles,
      });
      const seeded = (performance.now() - t0) / 1000;
      const predicted = await predictSeeded(db, server.url, {
        prefix: 'R-',
        first: phase.from,
        count: phase.count,
        lastCycle: phase.cycles,
      });
      const engines = phase.from + phase.count - 1;
      console.log(
        `seeded ${engines} engines in ${seeded.toFixed(0)} s, predicted in ${predicted.toFixed(0)} s`,
      );
      const at: ReadsAt = {
        engines,
        cycles: 0,
        load: load(),
        latencies: await routeLatencies(server.url, engines, P.latencySeconds, P.clients),
        sizes: await server.sizes(),
      };
      at.cycles = at.sizes.telemetry.rows;
      at.render = await firstRender(server.url, P.renderRuns);
      results.push(at);
    }
  } finally {
    await db.close();
    await server.stop();
  }
  return results;
}

function build() {
  if (process.env['BENCH_SKIP_BUILD'] === '1') return;
  const pnpm = (...args: string[]) => execFileSync('pnpm', args, { cwd: REPO_ROOT, stdio: 'inherit' });
  // The API's workspace packages (and the simulator) run from dist/, the dashboard from its build.
  pnpm('--filter', '@rul/api^...', 'build');
  pnpm('--filter', '@rul/dashboard', 'build');
}

async function measure(): Promise<FleetResults> {
  build();
  const loadBefore = load();
  console.log(`fleet bench${quick ? ' --quick' : ''}: ${machine()}, load ${loadBefore.toFixed(1)}`);
  const pg = await startOwnPostgres();
  const admin = await openDatabase({ databaseUrl: pg.url() });
  try {
    const ingest: (IngestRun & { load: number })[] = [];
    for (const backend of ['PostgreSQL + Redis', 'embedded (PGlite)']) {
      for (const engines of P.ingestEngines) {
        const l = load();
        const start = async (): Promise<FleetServer> =>
          startFleetServer(
            backend.startsWith('PostgreSQL')
              ? await postgresEnv(pg, admin, `fleet_ingest_${engines}`)
              : { DATA_DIR: tempDir() },
          );
        const plan = { engines, prefix: 'SIM-', durationMs: P.ingestSeconds * 1000, ...STREAM };
        ingest.push({ ...(await runIngest(backend, start, plan)), load: l });
      }
    }
    const readResults = await reads(pg, admin);

    const restartLoad = load();
    const server = await startFleetServer(await postgresEnv(pg, admin, 'fleet_restart'));
    let restart;
    try {
      restart = await runRestart(
        pg,
        server,
        { engines: P.restart.engines, prefix: 'RST-', durationMs: P.restart.seconds * 1000, ...STREAM },
        P.restart.after,
      );
    } finally {
      await server.stop();
    }
    return {
      quick,
      date: new Date().toISOString().slice(0, 10),
      machine: machine(),
      loads: { before: loadBefore, after: load() },
      ingest,
      reads: readResults,
      restart: { ...restart, load: restartLoad },
      settings: PG_SETTINGS.filter((s) => !s.startsWith('listen')).join(', '),
    };
  } finally {
    await admin.close();
    await pg.stop();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  }
}

// `--report FILE` writes the section again from a run's saved results (e.g. after the wording of
// the section changed) without measuring anything.
const saved = process.argv[process.argv.indexOf('--report') + 1];
const reportOnly = process.argv.includes('--report') && saved !== undefined;
const results = reportOnly ? (JSON.parse(readFileSync(saved, 'utf8')) as FleetResults) : await measure();
if (!reportOnly) {
  const file = join(tmpdir(), `rul-fleet-bench-${quick ? 'quick' : 'full'}.json`);
  writeFileSync(file, JSON.stringify(results));
  console.log(`results saved in ${file} (pnpm bench:fleet --report ${file} rewrites the section from them)`);
}
const text = section(results);
console.log(`\n${text}`);
console.log(`wrote ${writeSection(text)}`);
