/** The fleet bench's tables, and its own section of docs/benchmarks.md (between its markers). */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Sizes } from './fleet-harness.js';
import type { IngestRun } from './fleet-ingest.js';
import type { RenderRun, RouteLatency } from './fleet-reads.js';
import type { RestartRun } from './fleet-restart.js';

export interface ReadsAt {
  engines: number;
  cycles: number;
  latencies: RouteLatency[];
  sizes: Sizes;
  render?: RenderRun[];
  load: number;
}

export interface FleetResults {
  quick: boolean;
  date: string;
  machine: string;
  loads: { before: number; after: number };
  ingest: (IngestRun & { load: number })[];
  reads: ReadsAt[];
  restart: RestartRun & { load: number };
  settings: string;
}

const n = (v: number, digits = 0) =>
  v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? ((s[(s.length - 1) >> 1] as number) + (s[s.length >> 1] as number)) / 2 : NaN;
};
const perCycle = (s: Sizes) => s.telemetry.bytes / Math.max(1, s.telemetry.rows);
const mbPerMillion = (s: Sizes) => (perCycle(s) * 1e6) / 2 ** 20;
const ratio = (a: number, b: number) => (a > 0 ? `× ${(b / a).toFixed(2)}` : '–');

function ingestTable(runs: FleetResults['ingest']): string {
  const rows = runs.map(
    (r) =>
      `| ${r.backend} | ${n(r.engines)} | ${r.batch} | ${r.enginesPerRequest} × ${r.concurrency} | ${n(r.acknowledged)} in ${n(r.seconds, 1)} s | **${n(r.cyclesPerSec)}** | ${n(r.batchesPredicted)} / ${n(r.batchesStored)} | ${n(r.retries)} | ${r.stopped} | ${n(perCycle(r.sizes))} | ${r.load.toFixed(1)} |`,
  );
  return [
    '| backend | engines | cycles / engine / request | engines / request × requests in flight | acknowledged | cycles/s | engine batches re-predicted | retries | engines not acknowledged | telemetry bytes/cycle | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function readsTable(reads: ReadsAt[]): string {
  const rows = reads.flatMap((at) =>
    at.latencies.map(
      (l) =>
        `| ${l.route} | ${n(at.engines)} | ${n(at.cycles)} | ${l.clients} | ${n(l.reqPerSec)} | ${n(l.p50, 1)} | **${n(l.p99, 1)}** | ${at.load.toFixed(1)} |`,
    ),
  );
  return [
    '| route | engines | stored cycles | clients | req/s | p50 ms | p99 ms | load |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function renderTable(reads: ReadsAt[]): string {
  const rows = reads
    .filter((at) => at.render?.length)
    .map((at) => {
      const r = at.render as RenderRun[];
      const rows = r.map((x) => x.rowsMs);
      const hist = r.map((x) => x.histogramMs ?? Infinity);
      const shown = hist.every(Number.isFinite)
        ? `**${n(median(hist))}** / ${n(Math.max(...hist))}`
        : 'not shown within 30 s';
      return `| ${n(at.engines)} | ${r.length} | **${n(median(rows))}** / ${n(Math.max(...rows))} | ${shown} | ${n(Math.max(...r.map((x) => x.longestTaskMs)))} |`;
    });
  return [
    '| engines | runs | first engine rows, ms (median / worst) | RUL-band histogram, ms (median / worst) | longest main-thread task, ms |',
    '|---:|---:|---:|---:|---:|',
    ...rows,
  ].join('\n');
}

function storageTable(results: FleetResults): string {
  const row = (label: string, s: Sizes) =>
    `| ${label} | ${n(s.telemetry.rows)} | ${n(s.telemetry.bytes / 2 ** 20, 1)} | ${n(perCycle(s))} | **${n(mbPerMillion(s))}** | ${n(s.predictions.rows)} | ${n(s.predictions.bytes / 2 ** 20, 1)} |`;
  return [
    '| dataset | telemetry rows | telemetry MiB (partitions + indexes) | bytes/cycle | MiB per million cycles | prediction rows | predictions MiB |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...results.ingest.map((r) => row(`ingest run, ${r.backend}, ${n(r.engines)} engines`, r.sizes)),
    ...results.reads.map((r) => row(`seeded + predicted, PostgreSQL, ${n(r.engines)} engines`, r.sizes)),
  ].join('\n');
}

function growthTable(results: FleetResults): string {
  const lines: string[] = [];
  const sizes = [...new Set(results.ingest.map((r) => r.engines))].sort((a, b) => a - b);
  const [small, large] = [sizes[0] ?? 0, sizes.at(-1) ?? 0];
  for (const backend of [...new Set(results.ingest.map((r) => r.backend))]) {
    const a = results.ingest.find((r) => r.backend === backend && r.engines === small);
    const b = results.ingest.find((r) => r.backend === backend && r.engines === large);
    if (!a || !b) continue;
    lines.push(
      `| ingest cycles/s, ${backend} | ${n(a.cyclesPerSec)} | ${n(b.cyclesPerSec)} | ${ratio(a.cyclesPerSec, b.cyclesPerSec)} |`,
    );
    lines.push(
      `| telemetry bytes/cycle, ${backend} | ${n(perCycle(a.sizes))} | ${n(perCycle(b.sizes))} | ${ratio(perCycle(a.sizes), perCycle(b.sizes))} |`,
    );
  }
  const [ra, rb] = [results.reads[0], results.reads.at(-1)];
  if (ra && rb && ra !== rb) {
    for (const l of ra.latencies) {
      const m = rb.latencies.find((x) => x.route === l.route && x.clients === l.clients);
      if (m)
        lines.push(
          `| p99 ms, ${l.route}, ${l.clients} client(s) | ${n(l.p99, 1)} | ${n(m.p99, 1)} | ${ratio(l.p99, m.p99)} |`,
        );
    }
    const shown = (r: RenderRun[] | undefined) =>
      r?.length ? median(r.map((x) => Math.max(x.rowsMs, x.histogramMs ?? Infinity))) : NaN;
    const [fa, fb] = [shown(ra.render), shown(rb.render)];
    if (Number.isFinite(fa) && Number.isFinite(fb)) {
      lines.push(
        `| Fleet view first render, ms (median, rows and histogram) | ${n(fa)} | ${n(fb)} | ${ratio(fa, fb)} |`,
      );
    }
    lines.push(
      `| MiB per million stored cycles (seeded) | ${n(mbPerMillion(ra.sizes))} | ${n(mbPerMillion(rb.sizes))} | ${ratio(mbPerMillion(ra.sizes), mbPerMillion(rb.sizes))} |`,
    );
  }
  const head = `| measure | ${n(small)} engines | ${n(large)} engines | growth |`;
  return [head, '|---|---:|---:|---:|', ...lines].join('\n');
}

function restartTable(r: FleetResults['restart']): string {
  const v = r.verified;
  return [
    '| engines | acknowledged cycles | cycles/s | retries | pg_ctl restart, s | longest client wait, s | engines not acknowledged | verified cycles | missing | different | load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    `| ${n(r.engines)} | ${n(r.acknowledged)} | ${n(r.cyclesPerSec)} | ${n(r.retries)} | ${n(r.restartSeconds, 1)} | ${n(r.longestWaitSeconds, 1)} | ${r.stopped} | ${n(v.cycles)} of ${n(v.engines)} engines | **${v.missing}** | **${v.different}** | ${r.load.toFixed(1)} |`,
  ].join('\n');
}

/** Each target of the fleet-scale work, checked against this run's figures. */
export function checks(results: FleetResults): string[] {
  const out: string[] = [];
  const largest = Math.max(...results.ingest.map((r) => r.engines));
  const pg = results.ingest.find((r) => r.backend.startsWith('PostgreSQL') && r.engines === largest);
  if (pg) {
    const ok = pg.cyclesPerSec >= 10_000 && pg.batchesPredicted === pg.batchesStored;
    out.push(
      `≥ 10,000 acknowledged cycles/s into PostgreSQL at ${n(largest)} engines, each touched engine re-predicted: ${n(pg.cyclesPerSec)} cycles/s, ${n(pg.batchesPredicted)} of ${n(pg.batchesStored)} batches re-predicted — ${ok ? 'PASS' : 'MISS'}`,
    );
  }
  const at = results.reads.at(-1);
  if (at) {
    // Judged per client count: with many clients and no think time the server is saturated by
    // design, and its p99 is mostly the wait behind the requests queued ahead (clients ÷ req/s).
    for (const clients of [...new Set(at.latencies.map((l) => l.clients))]) {
      const rows = at.latencies.filter((l) => l.clients === clients);
      const worst = rows.reduce((a, b) => (b.p99 > a.p99 ? b : a));
      const queue =
        clients > 1
          ? `; ${clients} requests in flight at ${n(worst.reqPerSec)} req/s queue ${n((clients / worst.reqPerSec) * 1000, 1)} ms on average`
          : '';
      out.push(
        `GET /engines sorted by RUL and /fleet/summary p99 < 50 ms at ${n(at.engines)} engines, ${n(at.cycles)} stored cycles, ${clients === 1 ? 'one client at a time' : `${clients} clients at once`}: worst p99 ${n(worst.p99, 1)} ms (${worst.route}${queue}) — ${worst.p99 < 50 ? 'PASS' : 'MISS'}`,
      );
    }
    if (at.render?.length) {
      const first = median(at.render.map((r) => Math.max(r.rowsMs, r.histogramMs ?? Infinity)));
      const figure = Number.isFinite(first) ? `${n(first)} ms` : 'the histogram never showed';
      out.push(
        `Fleet view first render < 1.5 s at ${n(at.engines)} engines (rows and histogram, median): ${figure} — ${first < 1500 ? 'PASS' : 'MISS'}`,
      );
    }
  }
  const v = results.restart.verified;
  const lost = v.missing + v.different + v.unreadable;
  out.push(
    `Zero acknowledged readings lost across a PostgreSQL restart: ${n(v.cycles)} acknowledged cycles read back, ${v.missing} missing, ${v.different} different — ${lost === 0 ? 'PASS' : 'MISS'}`,
  );
  return out;
}

export function section(results: FleetResults): string {
  return `## Fleet at scale (pnpm bench:fleet)

Measured ${results.date}${results.quick ? ' with `--quick` (small sizes: a smoke run, not the figures to quote)' : ''} on ${results.machine}.
The API, its database and the client share the box's cores; the box is shared with other work and
noisy, so every row carries the 1-minute load average when it was measured (${results.loads.before.toFixed(1)} before
the run, ${results.loads.after.toFixed(1)} after). PostgreSQL is the bench's own instance (initdb into a temporary
folder: ${results.settings}), Redis the shared one. The client is the simulator's bulk streamer
(\`pnpm simulate stream\`), as fast as the API answers. Regenerate with \`pnpm bench:fleet\`.

${checks(results)
  .map((c) => `- ${c}`)
  .join('\n')}

### Ingest through HTTP (POST /fleet/telemetry)

Generated engines (the simulator's degradation model, drawn lazily), each engine's cycles in order,
every engine that stored cycles re-predicted by the API (its answer carries the prediction; the
column counts the batches that came back with one). A fresh database per row. A row that ends well
before the others streamed its fleet's whole lives, and its last rounds carried ever fewer engines
per request (which is why fewer engines can mean fewer cycles/s).

${ingestTable(results.ingest)}

### Fleet routes with ~10 million stored cycles (PostgreSQL)

The bulk of the cycles seeded with SQL (\`generate_series\`, the API's row shape: 3 settings and 21
sensors as \`double precision[]\`), then every engine predicted by the API (one more cycle each
through POST /fleet/telemetry). First ${n(results.reads[0]?.engines ?? 0)} engines with all the cycles, then the
rest of the fleet added with a short history each. Latency by wrk (one thread), one client at a time
and several at once.

${readsTable(results.reads)}

### Dashboard first render (Chromium)

The built dashboard served by the API, a fresh browser context per run: time from navigation to the
first engine row and the first RUL band laid out, and the longest main-thread task until then.

${renderTable(results.reads)}

### Storage

${storageTable(results)}

### Growth from ${n(Math.min(...results.ingest.map((r) => r.engines)))} to ${n(Math.max(...results.ingest.map((r) => r.engines)))} engines

${growthTable(results)}

### PostgreSQL restarted mid-stream

\`pg_ctl restart -m fast\` while the streamer runs; the API answers 503 + Retry-After while its
database is away, the streamer retries each request as it was (the route is idempotent), and the
verification pass then reads every engine back (GET /engines/{id}/telemetry).

${restartTable(results.restart)}
`;
}

const START = '<!-- fleet-scale:start -->';
const END = '<!-- fleet-scale:end -->';

export function writeSection(text: string): string {
  const path = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
  const block = `${START}\n${text.trim()}\n${END}`;
  const doc = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const at = doc.indexOf(START);
  const updated =
    at >= 0
      ? doc.slice(0, at) + block + doc.slice(doc.indexOf(END) + END.length)
      : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, updated);
  return path;
}
