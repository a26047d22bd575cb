/** The fleet bench's moving parts: the API in a child process, and the simulator's streamer against it. */
import { fork } from 'node:child_process';
import { lazyFleet, streamTelemetry, type StreamEngine, type StreamReport } from '@rul/simulator';

export interface TableSize {
  rows: number;
  bytes: number;
}
export interface Sizes {
  telemetry: TableSize;
  predictions: TableSize;
}

export interface FleetServer {
  url: string;
  sizes: () => Promise<Sizes>;
  stop: () => Promise<void>;
}

/** The real API (buildApp) in a child process; `env` chooses its storage. */
export async function startFleetServer(env: Record<string, string>): Promise<FleetServer> {
  const child = fork(new URL('./ingest-server.ts', import.meta.url), [], {
    env: { ...process.env, BENCH_SERVER_ENV: JSON.stringify(env) },
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ask = <T>(message: string, key: string) =>
    new Promise<T>((resolve, reject) => {
      const onMessage = (m: Record<string, unknown>) => {
        if (!(key in m)) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m[key] as T);
      };
      const onExit = (code: number | null) => reject(new Error(`bench server exited with ${code}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      if (message) child.send(message);
    });
  const url = await ask<string>('', 'address');
  return {
    url,
    sizes: () => ask<Sizes>('sizes', 'sizes'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

export interface StreamPlan {
  engines: number;
  prefix: string;
  /** Cycles per engine per request. */
  batch: number;
  enginesPerRequest: number;
  concurrency: number;
  durationMs: number;
  seed?: number;
}

/** A generated fleet (drawn lazily) streamed as fast as the API answers, for at most `durationMs`. */
export async function streamFleet(
  url: string,
  plan: StreamPlan,
  onRetry?: () => void,
): Promise<{ fleet: StreamEngine[]; report: StreamReport }> {
  const fleet = lazyFleet({
    engines: plan.engines,
    seed: plan.seed ?? 1,
    unitName: (i) => `${plan.prefix}${String(i + 1).padStart(5, '0')}`,
  });
  const report = await streamTelemetry({
    api: url,
    engines: fleet,
    rate: 0,
    batch: plan.batch,
    enginesPerRequest: plan.enginesPerRequest,
    concurrency: plan.concurrency,
    durationMs: plan.durationMs,
    // A restarting database keeps the API answering 503 for seconds: retry for as long as it takes.
    retry: { maxRetries: 60, maxDelayMs: 2_000 },
    onEvent: (e) => {
      if (e.type === 'retry') onRetry?.();
    },
  });
  return { fleet, report };
}
