/**
 * `pnpm bench`: drives the real server (child process running buildApp) with autocannon and measures,
 * in the same run, the two limits it is judged against:
 *   - HTTP + validation bound: the same routes with inference skipped (bench-only buildApp option);
 *   - compute bound: raw ONNX Runtime runs/s in-process at batch 1 and batch N.
 * Prints a table, checks the targets, and writes the table into docs/benchmarks.md (API section).
 * Environment: BENCH_SECONDS (per scenario, default 8), BENCH_SERVER_ENV (JSON env for the server).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { syntheticFleet, syntheticHistory } from '@rul/cmapss';
import { loadConfig } from '../src/config/load-config.js';
import { rawOrt } from './raw-ort.js';
import { load, machine, table, writeDocs, type Row } from './report.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const CONNECTIONS = 32;
const BATCH_ENGINES = 64;
const serverEnv = process.env['BENCH_SERVER_ENV'] ?? '{}';

interface Server {
  child: ChildProcess;
  address: string;
  threads: number;
  maxBatch: number;
}

async function startServer(skipInference: boolean): Promise<Server> {
  const child = fork(
    new URL('./bench-server.ts', import.meta.url),
    skipInference ? ['--skip-inference'] : [],
    {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SERVER_ENV: serverEnv },
    },
  );
  const info = await new Promise<{ address: string; threads: number; maxBatch: number }>(
    (resolve, reject) => {
      child.once('message', (m) => resolve(m as { address: string; threads: number; maxBatch: number }));
      child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
    },
  );
  return { child, ...info };
}

async function stopServer(server: Server): Promise<number> {
  const rss = await new Promise<number>((resolve) => {
    server.child.once('message', (m) => resolve((m as { maxRssBytes: number }).maxRssBytes));
    server.child.send('rss');
  });
  server.child.send('stop');
  await new Promise((r) => server.child.once('exit', r));
  return rss / 2 ** 20;
}

const predictBody = (cycles: number) =>
  JSON.stringify({ unit: 'bench', cycles: syntheticHistory(cycles, 7) });
const batchBody = (cycles: number) =>
  JSON.stringify({
    engines: syntheticFleet(BATCH_ENGINES, cycles, cycles, 11).map((u) => ({
      unit: u.unit,
      cycles: u.cycles,
    })),
  });

async function drive(address: string, path: string, body: string, connections: number, perRequest: number) {
  const result = await autocannon({
    url: `${address}${path}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: SECONDS,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${path}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  const reqPerSec = result.requests.average;
  return { reqPerSec, predPerSec: reqPerSec * perRequest, p50: result.latency.p50, p99: result.latency.p99 };
}

const scenarios = [
  {
    name: '/predict, 30-cycle history',
    path: '/predict',
    body: predictBody(30),
    connections: CONNECTIONS,
    per: 1,
  },
  {
    name: '/predict, 200-cycle history',
    path: '/predict',
    body: predictBody(200),
    connections: CONNECTIONS,
    per: 1,
  },
  {
    name: `/predict/batch, ${BATCH_ENGINES} × 30 cycles`,
    path: '/predict/batch',
    body: batchBody(30),
    connections: 4,
    per: BATCH_ENGINES,
  },
  {
    name: `/predict/batch, ${BATCH_ENGINES} × 200 cycles`,
    path: '/predict/batch',
    body: batchBody(200),
    connections: 4,
    per: BATCH_ENGINES,
  },
];

async function runAll(skipInference: boolean) {
  const server = await startServer(skipInference);
  const rows: Array<Row & { key: string }> = [];
  for (const s of scenarios) {
    const r = await drive(server.address, s.path, s.body, s.connections, s.per);
    rows.push({
      key: s.name,
      scenario: `${s.name}${skipInference ? ' — HTTP bound (inference skipped)' : ''}`,
      ...r,
      peakRssMb: undefined,
      note: `${s.connections} connections`,
    });
  }
  const rss = await stopServer(server);
  for (const r of rows) r.peakRssMb = rss;
  return { rows, threads: server.threads, maxBatch: server.maxBatch };
}

const config = loadConfig(JSON.parse(serverEnv) as Record<string, string>);
const card = JSON.parse(readFileSync(join(config.MODEL_DIR as string, 'model-card.json'), 'utf8')) as {
  window: number;
  version: string;
  onnx: { file: string };
};
const loadBefore = load();
console.log(`bench: ${SECONDS}s per scenario, model ${card.version}, ${machine()}, load ${loadBefore}`);

const live = await runAll(false);
const bound = await runAll(true);
const raw = await rawOrt(join(config.MODEL_DIR as string, card.onnx.file), card.window, live.threads, [
  1,
  live.maxBatch,
]);

const rows: Row[] = [...live.rows, ...bound.rows];
for (const r of raw) {
  rows.push({
    scenario: `raw ONNX Runtime, batch ${r.batch} (compute bound)`,
    reqPerSec: r.runsPerSec,
    predPerSec: r.predictionsPerSec,
    p50: undefined,
    p99: undefined,
    peakRssMb: undefined,
    note: `${live.threads} intra-op thread(s), in-process`,
  });
}

const get = (set: typeof live.rows, key: string) => set.find((r) => r.key === key) as Row;
const rawN = raw.at(-1) as (typeof raw)[number];
const checks = scenarios.map((s) => {
  const a = get(live.rows, s.name);
  if (s.per === 1) {
    const ratio = a.reqPerSec / get(bound.rows, s.name).reqPerSec;
    return `${s.name}: ${(ratio * 100).toFixed(0)}% of the HTTP-bound limit (target ≥ 70%) ${ratio >= 0.7 ? 'PASS' : 'MISS'}; p99 ${a.p99} ms at ${s.connections} clients (target < 20 ms) ${(a.p99 ?? 0) < 20 ? 'PASS' : 'MISS'}`;
  }
  const ratio = a.predPerSec / rawN.predictionsPerSec;
  return `${s.name}: ${(ratio * 100).toFixed(0)}% of raw ONNX Runtime batch ${rawN.batch} predictions/s (target ≥ 50%) ${ratio >= 0.5 ? 'PASS' : 'MISS'}`;
});

const text = table(rows);
console.log(`\n${text}\n\n${checks.join('\n')}`);
const date = new Date().toISOString().slice(0, 10);
const section = `## API (apps/api)

Measured ${date} on ${machine()}; model \`${card.version}\` (window ${card.window}); ${SECONDS} s per scenario with
autocannon from the same machine (it competes with the server for the CPU). Server config: ${live.threads}
intra-op thread(s), 1 inference worker, max batch ${live.maxBatch}, defaults otherwise${serverEnv !== '{}' ? ` plus \`${serverEnv}\`` : ''}.
Peak RSS is the server process's. 1-minute load average before / after the run: ${loadBefore} / ${load()}
(other work on the box competes for the same 2 cores; figures move with it). Regenerate with \`pnpm bench\` (root) or \`pnpm --filter @rul/api bench\`.

${text}

${checks.map((c) => `- ${c}`).join('\n')}
`;
console.log(`\nwrote ${writeDocs(section)}`);
