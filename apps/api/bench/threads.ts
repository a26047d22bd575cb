/**
 * `pnpm --filter @rul/api bench:threads`: where a request's server CPU time goes, thread by thread, for
 * each API bench scenario: the event loop, the body reader threads, the inference threads (they name
 * themselves: src/thread-name.ts) and the rest (V8's helpers, libuv's pool). Per-thread CPU times come
 * from /proc/<pid>/task, so it runs on Linux only. Environment: BENCH_SECONDS (load per scenario,
 * default 10), BENCH_WARMUP_SECONDS (default 2), and BENCH_SCENARIOS, BENCH_CLIENT and
 * BENCH_SERVER_ENV as for run.ts.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import {
  benchModel,
  loadSpec,
  selectedScenarios,
  startServer,
  stopServer,
  WARMUP_SECONDS,
} from './api-bench.js';
import { clientName, generateLoad } from './load-client.js';
import { machine } from './report.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);

if (process.platform !== 'linux') throw new Error('bench:threads reads /proc: it runs on Linux only');

/** Clock ticks per second, the unit of /proc's CPU times. */
const ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

const GROUPS = ['event loop', 'body reader threads', 'inference threads', 'other threads'] as const;

function group(pid: number, tid: number, name: string): (typeof GROUPS)[number] {
  if (tid === pid) return 'event loop';
  if (name === 'rul-body-reader') return 'body reader threads';
  if (name === 'rul-inference') return 'inference threads';
  return 'other threads';
}

/** CPU seconds (user + system) per thread group of process `pid`. */
function cpuByGroup(pid: number): Map<string, number> {
  const totals = new Map<string, number>(GROUPS.map((g) => [g, 0]));
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8');
    } catch {
      continue; // the thread ended since the listing
    }
    // The name is in parentheses and may hold spaces; the fields after it are space-separated.
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticks; // utime, stime
    const g = group(pid, Number(task), name);
    totals.set(g, (totals.get(g) ?? 0) + seconds);
  }
  return totals;
}

const { card } = await benchModel();
console.log(
  `bench:threads: ${SECONDS} s per scenario, ${await clientName()}, model ${card.version}, ${machine()}`,
);
console.log(`server CPU time per request (ms), by thread\n`);
console.log(`| scenario | req/s | ${GROUPS.join(' | ')} | total |`);
console.log(`|---|---:|${GROUPS.map(() => '---:|').join('')}---:|`);

const server = await startServer(false, card.version);
const pid = server.child.pid as number;
try {
  for (const s of selectedScenarios()) {
    await generateLoad(loadSpec(server.address, s, WARMUP_SECONDS));
    const before = cpuByGroup(pid);
    const { reqPerSec } = await generateLoad(loadSpec(server.address, s, SECONDS));
    const after = cpuByGroup(pid);
    const requests = reqPerSec * SECONDS;
    const perRequest = GROUPS.map((g) => (((after.get(g) ?? 0) - (before.get(g) ?? 0)) * 1000) / requests);
    const total = perRequest.reduce((a, b) => a + b, 0);
    console.log(
      `| ${s.name} | ${reqPerSec.toFixed(0)} | ${perRequest.map((v) => v.toFixed(2)).join(' | ')} | ${total.toFixed(2)} |`,
    );
  }
} finally {
  await stopServer(server);
}
