/**
 * Load generator for `pnpm bench`: wrk (C, one event-loop thread) when it is installed, because on a
 * 2-core box the client shares the CPU with the server and a lighter client disturbs the figures
 * less; autocannon (in-process JavaScript) otherwise. `BENCH_CLIENT=autocannon|wrk` forces one.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';

const run = promisify(execFile);

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
}

export interface LoadSpec {
  url: string;
  body: string;
  connections: number;
  seconds: number;
}

// wrk's Lua hooks: the body comes from a file (bodies of several hundred kB do not fit an argv),
// and `done` prints one JSON line with the counts and latency percentiles (microseconds).
const SCRIPT = `
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = assert(io.open(os.getenv("BENCH_BODY_FILE"), "rb"))
wrk.body = f:read("*a")
f:close()
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d}\\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(99)))
end
`;

let wrkAvailable: boolean | undefined;

export async function clientName(): Promise<'wrk' | 'autocannon'> {
  const forced = process.env['BENCH_CLIENT'];
  if (forced === 'wrk' || forced === 'autocannon') return forced;
  if (forced) throw new Error(`BENCH_CLIENT must be wrk or autocannon, got ${forced}`);
  if (wrkAvailable === undefined) {
    wrkAvailable = await run('wrk', ['--version']).then(
      () => true,
      // wrk --version exits 1 after printing its version.
      (err: { stdout?: string }) => typeof err.stdout === 'string' && err.stdout.startsWith('wrk'),
    );
  }
  return wrkAvailable ? 'wrk' : 'autocannon';
}

async function withWrk(spec: LoadSpec): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'rul-bench-'));
  try {
    writeFileSync(join(dir, 'post.lua'), SCRIPT);
    writeFileSync(join(dir, 'body.json'), spec.body);
    const { stdout } = await run(
      'wrk',
      [
        '-t1',
        `-c${spec.connections}`,
        `-d${spec.seconds}s`,
        '--timeout',
        '5s',
        '-s',
        join(dir, 'post.lua'),
        spec.url,
      ],
      { env: { ...process.env, BENCH_BODY_FILE: join(dir, 'body.json') }, maxBuffer: 1 << 20 },
    );
    const line = stdout.split('\n').find((l) => l.startsWith('BENCH '));
    if (!line) throw new Error(`wrk printed no result:\n${stdout}`);
    const r = JSON.parse(line.slice(6)) as {
      requests: number;
      durationUs: number;
      non2xx: number;
      errors: number;
      p50Us: number;
      p99Us: number;
    };
    if (r.non2xx > 0 || r.errors > 0) {
      throw new Error(`${spec.url}: ${r.non2xx} non-2xx responses, ${r.errors} socket errors`);
    }
    return { reqPerSec: r.requests / (r.durationUs / 1e6), p50: r.p50Us / 1000, p99: r.p99Us / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function withAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: spec.body,
    connections: spec.connections,
    duration: spec.seconds,
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${spec.url}: ${result.non2xx} non-2xx responses, ${result.errors} errors`);
  }
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

export async function generateLoad(spec: LoadSpec): Promise<LoadResult> {
  return (await clientName()) === 'wrk' ? withWrk(spec) : withAutocannon(spec);
}
