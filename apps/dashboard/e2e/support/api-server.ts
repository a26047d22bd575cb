// Builds the dashboard and the real API, then runs the API (which serves the built dashboard at /) on a free port.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_DIR = fileURLToPath(new URL('../..', import.meta.url));
export const REPO_ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

/**
 * The real models every run serves: the default one-condition FD001 model and the six-condition FD002
 * one, so the fleet has engines judged by two models. Each further model costs seconds to load.
 */
export const MODEL_DIRS = {
  fd001: join(REPO_ROOT, 'models/default'),
  fd002: join(REPO_ROOT, 'models/cmapss-fd002-tcn-ensemble'),
};

function run(command: string, args: string[], cwd: string): void {
  try {
    execFileSync(command, args, { cwd, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
  }
}

export function buildAll(): void {
  run('pnpm', ['run', 'build'], DASHBOARD_DIR);
  // `...` builds the API's workspace dependencies first.
  run('pnpm', ['--filter', '@rul/api...', 'build'], REPO_ROOT);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApi {
  baseUrl: string;
  logs: () => string;
  stop: () => Promise<void>;
}

/** Demo engines the API seeds into its empty database in the background once its models serve. */
export const DEMO_ENGINES = 12;

/** `env` adds to or overrides the API's environment (e.g. API_KEYS for the auth flow, one model only). */
export async function startApi(env: Record<string, string> = {}): Promise<RunningApi> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'rul-dashboard-e2e-'));
  let output = '';
  const child: ChildProcess = spawn(process.execPath, ['apps/api/dist/server.js'], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      DEMO_SEED: String(DEMO_ENGINES),
      MODEL_DIR: MODEL_DIRS.fd001,
      EXTRA_MODEL_DIRS: MODEL_DIRS.fd002,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`The API exited with ${child.exitCode} before it was ready:\n${output}`);
    try {
      const response = await fetch(`${baseUrl}/health/ready`);
      if (response.ok) return { baseUrl, logs: () => output, stop };
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  await stop();
  throw new Error(`The API was not ready within 90 s:\n${output}`);
}

/** Waits until the API has seeded and predicted every demo engine (it does so after it is ready). */
export async function demoFleetSeeded(api: RunningApi, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const list = (await (await fetch(`${api.baseUrl}/engines?limit=${DEMO_ENGINES}`)).json()) as {
      items: { prediction: unknown }[];
    };
    if (list.items.length >= DEMO_ENGINES && list.items.every((e) => e.prediction !== null)) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`The demo fleet was not seeded within ${timeoutMs / 1000} s:\n${api.logs()}`);
}
