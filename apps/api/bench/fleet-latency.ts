/**
 * Latency of the fleet's read routes (GET /engines, /fleet/summary) under many requests, one client
 * at a time (sequential) and several at once: wrk (C, one thread) when installed, since on a 2-core
 * box a lighter client disturbs the server less; else a Node client of the same shape. Every answer
 * must be a 200, or the measurement fails.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Latency {
  requests: number;
  reqPerSec: number;
  p50: number;
  p99: number;
}

// wrk's `done` hook prints one JSON line with the counts and latency percentiles (microseconds).
const SCRIPT = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

let wrk: boolean | undefined;
export async function latencyClient(): Promise<'wrk' | 'node'> {
  wrk ??= await run('wrk', ['--version']).then(
    () => true,
    // wrk --version exits 1 after printing its version.
    (err: { stdout?: string }) => typeof err.stdout === 'string' && err.stdout.startsWith('wrk'),
  );
  return wrk ? 'wrk' : 'node';
}

async function withWrk(url: string, connections: number, seconds: number): Promise<Latency> {
  const dir = mkdtempSync(join(tmpdir(), 'rul-fleet-latency-'));
  try {
    writeFileSync(join(dir, 'done.lua'), SCRIPT);
    const { stdout } = await run(
      'wrk',
      ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '5s', '-s', join(dir, 'done.lua'), url],
      { maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const r = JSON.parse(line.slice(6)) as Record<string, number>;
    if ((r['non2xx'] ?? 0) > 0 || (r['errors'] ?? 0) > 0) {
      throw new Error(`${url}: ${r['non2xx']} non-2xx answers, ${r['errors']} socket errors`);
    }
    const requests = r['requests'] ?? 0;
    return {
      requests,
      reqPerSec: requests / ((r['durationUs'] ?? 1) / 1e6),
      p50: (r['p50Us'] ?? 0) / 1000,
      p99: (r['p99Us'] ?? 0) / 1000,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withNode(url: string, connections: number, seconds: number): Promise<Latency> {
  const times: number[] = [];
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const res = await fetch(url);
        await res.arrayBuffer();
        if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
        times.push(performance.now() - started);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))] ?? 0;
  return {
    requests: times.length,
    reqPerSec: times.length / ((performance.now() - t0) / 1000),
    p50: q(0.5),
    p99: q(0.99),
  };
}

export async function measureLatency(url: string, connections: number, seconds: number): Promise<Latency> {
  return (await latencyClient()) === 'wrk'
    ? withWrk(url, connections, seconds)
    : withNode(url, connections, seconds);
}
