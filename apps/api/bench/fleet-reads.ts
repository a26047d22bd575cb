/**
 * The fleet's read side at scale: GET /engines sorted by RUL (first page, and a cursor page from the
 * middle of the fleet) and GET /fleet/summary, p50/p99 over many sequential and concurrent requests;
 * and the dashboard's first render of the Fleet view in Chromium.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Database } from '@rul/db';
import { streamTelemetry } from '@rul/simulator';
import { engineId } from './fleet-seed.js';
import { measureLatency, type Latency } from './fleet-latency.js';

const run = promisify(execFile);
const REPO_ROOT = new URL('../../../', import.meta.url).pathname;

/**
 * Has the API predict seeded engines: each gets one more cycle (its last stored reading again, as the
 * next cycle) through POST /fleet/telemetry, which re-predicts every engine that stored cycles.
 * Throws unless every engine came back with a prediction.
 */
export async function predictSeeded(
  db: Database,
  url: string,
  o: { prefix: string; first: number; count: number; lastCycle: number },
): Promise<number> {
  const started = performance.now();
  const { rows } = await db.query<{ engine_id: string; settings: number[]; sensors: number[] }>(
    `SELECT engine_id, settings, sensors FROM telemetry
      WHERE engine_id BETWEEN $1 AND $2 AND cycle = $3 ORDER BY engine_id`,
    [engineId(o.prefix, o.first), engineId(o.prefix, o.first + o.count - 1), o.lastCycle],
  );
  const engines = rows.map((r) => ({
    unit: r.engine_id,
    cycles: [{ cycle: o.lastCycle + 1, settings: r.settings, sensors: r.sensors }],
  }));
  const report = await streamTelemetry({
    api: url,
    engines,
    rate: 0,
    enginesPerRequest: 500,
    concurrency: 2,
  });
  const { batchesPredicted, stopped } = report.ledger;
  if (engines.length !== o.count || batchesPredicted !== o.count || stopped.length) {
    throw new Error(
      `predicted ${batchesPredicted} of ${o.count} seeded engines (${engines.length} found, ${stopped.length} stopped: ${JSON.stringify(stopped.slice(0, 3))})`,
    );
  }
  return (performance.now() - started) / 1000;
}

export interface RouteLatency extends Latency {
  route: string;
  clients: number;
}

/** A cursor from the middle of the list sorted by RUL, reached by walking pages of up to 1,000. */
async function middleCursor(url: string, engines: number): Promise<string> {
  const limit = Math.max(1, Math.min(1000, Math.floor(engines / 2)));
  let cursor: string | null = null;
  for (let seen = 0; seen < engines / 2; seen += limit) {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page = (await (await fetch(`${url}/engines?sort=rul&limit=${limit}${after}`)).json()) as {
      nextCursor: string | null;
    };
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  if (!cursor) throw new Error('GET /engines?sort=rul gave no nextCursor');
  return cursor;
}

export async function routeLatencies(
  url: string,
  engines: number,
  seconds: number,
  clients: readonly number[],
): Promise<RouteLatency[]> {
  const cursor = await middleCursor(url, engines);
  const routes: [string, string][] = [
    ['GET /engines?sort=rul, first page of 50', `${url}/engines?sort=rul&limit=50`],
    [
      'GET /engines?sort=rul, cursor page of 50 mid-fleet',
      `${url}/engines?sort=rul&limit=50&cursor=${encodeURIComponent(cursor)}`,
    ],
    ['GET /fleet/summary', `${url}/fleet/summary`],
  ];
  const results: RouteLatency[] = [];
  for (const [route, target] of routes) {
    // One short untimed pass: the first requests compile the route's query plans and validators.
    await measureLatency(target, 1, 1);
    for (const c of clients) {
      const r = { route, clients: c, ...(await measureLatency(target, c, seconds)) };
      console.log(`latency ${engines} engines ${JSON.stringify(r)}`);
      results.push(r);
    }
  }
  return results;
}

export interface RenderRun {
  rowsMs: number;
  /** null: the histogram never showed (a dashboard without it). */
  histogramMs: number | null;
  longestTaskMs: number;
}

/** The Fleet view's first render in Chromium, `runs` times, each in a fresh browser context. */
export async function firstRender(url: string, runs: number): Promise<RenderRun[]> {
  const { stdout } = await run(
    'pnpm',
    ['--filter', '@rul/dashboard', 'exec', 'tsx', 'scripts/first-render.ts', url, String(runs)],
    { cwd: REPO_ROOT, maxBuffer: 1 << 22, timeout: 300_000 },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('FIRST_RENDER '));
  if (!line) throw new Error(`first-render printed no result:\n${stdout}`);
  const result = (JSON.parse(line.slice('FIRST_RENDER '.length)) as { runs: RenderRun[] }).runs;
  console.log(`render ${JSON.stringify(result)}`);
  return result;
}
