/**
 * What the API benches share (run.ts, threads.ts): the scenarios and their bodies, and the bench
 * servers (bench-server.ts) as child processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { syntheticFleet, syntheticHistory } from '@rul/cmapss';
import { loadConfig } from '../src/config/load-config.js';
import { loadModelCard } from '../src/plugins/app/model/model-card.js';

const CONNECTIONS = 32;
export const BATCH_ENGINES = 64;
/** BENCH_WARMUP_SECONDS: load before each scenario that is not measured. */
export const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
/** BENCH_SERVER_ENV: extra environment (JSON) for the bench servers. */
export const serverEnv = process.env['BENCH_SERVER_ENV'] ?? '{}';

/** The config the bench servers start with, and the model they must serve (its card, its file). */
export async function benchModel() {
  const config = loadConfig(JSON.parse(serverEnv) as Record<string, string>);
  const { card, onnxPath } = await loadModelCard(config.MODEL_DIR as string);
  return { config, card, onnxPath };
}

/** What a bench server reports once it listens (bench-server.ts). */
export interface ServerInfo {
  address: string;
  threads: number;
  readers: number;
  readerMinBytes: number;
  maxBatch: number;
  version: string | undefined;
  /** The server's peak RSS from start to ready (the embedded database is created then). */
  startPeakRssBytes: number;
}

export interface Server extends Omit<ServerInfo, 'version'> {
  child: ChildProcess;
}

/**
 * Starts a bench server (bench-server.ts) with BENCH_SERVER_ENV as its extra environment, and checks
 * that it serves the model `version` the figures will be reported under.
 */
export async function startServer(skipInference: boolean, version: string): Promise<Server> {
  const child = fork(
    new URL('./bench-server.ts', import.meta.url),
    skipInference ? ['--skip-inference'] : [],
    {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, BENCH_SERVER_ENV: serverEnv },
    },
  );
  const { version: serving, ...info } = await new Promise<ServerInfo>((resolve, reject) => {
    child.once('message', (m) => resolve(m as ServerInfo));
    child.once('exit', (code) => reject(new Error(`bench server exited (${code})`)));
  });
  // The figures are reported under the bundled card's version: the server must be serving that model.
  if (serving !== version) {
    child.kill();
    throw new Error(`bench server serves model ${serving}, not the bundled ${version}`);
  }
  return { child, ...info };
}

function ask<T>(server: Server, message: string): Promise<T> {
  return new Promise<T>((resolve) => {
    server.child.once('message', (m) => resolve(m as T));
    server.child.send(message);
  });
}

/** Starts a new peak-RSS window on the server; false where only the peak since start is known. */
export const resetPeakRss = async (server: Server) =>
  (await ask<{ reset: boolean }>(server, 'rss-reset')).reset;
/** The server's peak RSS in MB since the last reset (or since start). */
export const peakRssMb = async (server: Server) =>
  (await ask<{ maxRssBytes: number }>(server, 'rss')).maxRssBytes / 2 ** 20;

export async function stopServer(server: Server): Promise<void> {
  server.child.send('stop');
  await new Promise((r) => server.child.once('exit', r));
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

export type Scenario = (typeof allScenarios)[number];

export const loadSpec = (address: string, s: Scenario, seconds: number) => ({
  url: `${address}${s.path}`,
  body: s.body,
  connections: s.connections,
  seconds,
});

export const allScenarios = [
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

/** BENCH_SCENARIOS=<text>: only the scenarios whose name contains it (e.g. "/predict,"). */
export function selectedScenarios(): Scenario[] {
  const only = process.env['BENCH_SCENARIOS'];
  const scenarios = only ? allScenarios.filter((s) => s.name.includes(only)) : allScenarios;
  if (!scenarios.length) throw new Error(`BENCH_SCENARIOS=${only} matches no scenario`);
  return scenarios;
}
