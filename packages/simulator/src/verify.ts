/**
 * The verification pass: reads every engine's stored telemetry back (GET /engines/{id}/telemetry)
 * and proves that each acknowledged cycle is stored with exactly the values that were sent.
 */
import type { AckLedger } from './ack-ledger.js';
import type { Cycle } from './degradation.js';
import type { StreamEngine } from './stream.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './stream-http.js';

/** The route's longest range per request. */
const MAX_RANGE = 10_000;

export interface VerifyOptions {
  api: string;
  apiKey?: string | undefined;
  engines: readonly StreamEngine[];
  ledger: AckLedger;
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
}

export interface Discrepancy {
  unit: string;
  cycle: number;
  problem: 'missing' | 'different';
  /** The first value that differs, e.g. `sensors[4]: sent 1589.3, stored 1589.2`. */
  detail?: string;
}

export interface VerifyReport {
  engines: number;
  cyclesChecked: number;
  missing: number;
  different: number;
  /** Engines whose stored telemetry could not be read (not found, or no answer after retries). */
  unreadable: { unit: string; message: string }[];
  /** The first discrepancies found (at most 20). */
  examples: Discrepancy[];
  elapsedMs: number;
}

interface StoredCycle {
  cycle: number;
  settings: number[];
  sensors: number[];
}

function firstDifference(sent: Cycle, stored: StoredCycle): string | undefined {
  for (const key of ['settings', 'sensors'] as const) {
    const a = sent[key];
    const b = stored[key];
    if (a.length !== b.length) return `${key}: sent ${a.length} values, stored ${b.length}`;
    // `===`: a JSON round trip of a double is exact, and it treats -0 and 0 alike as the API does.
    const i = a.findIndex((v, j) => v !== b[j]);
    if (i >= 0) return `${key}[${i}]: sent ${a[i]}, stored ${b[i]}`;
  }
  return undefined;
}

const inRanges = (cycle: number, ranges: readonly [number, number][]) =>
  ranges.some(([from, to]) => cycle >= from && cycle <= to);

export async function verifyAcknowledged(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
  const base = options.api.replace(/\/+$/, '');
  const report: VerifyReport = {
    engines: 0,
    cyclesChecked: 0,
    missing: 0,
    different: 0,
    unreadable: [],
    examples: [],
    elapsedMs: 0,
  };
  const note = (d: Discrepancy) => {
    if (d.problem === 'missing') report.missing++;
    else report.different++;
    if (report.examples.length < 20) report.examples.push(d);
  };

  const read = async (unit: string, from: number, to: number): Promise<StoredCycle[] | string> => {
    const url = `${base}/engines/${encodeURIComponent(unit)}/telemetry?from=${from}&to=${to}`;
    const attempt = await withRetries(
      () => fetch(url, { headers, signal: options.signal ?? null }),
      policy,
      options.signal,
    );
    if (!attempt.ok) return `no answer after ${attempt.retries} retries (last: ${attempt.status})`;
    const body = (await attempt.response.json().catch(() => undefined)) as
      { cycles?: StoredCycle[]; message?: string } | undefined;
    if (!attempt.response.ok) return `HTTP ${attempt.response.status}: ${body?.message ?? ''}`;
    return body?.cycles ?? [];
  };

  const check = async (engine: StreamEngine, ranges: [number, number][]) => {
    const from = Math.min(...ranges.map((r) => r[0]));
    const to = Math.max(...ranges.map((r) => r[1]));
    const stored = new Map<number, StoredCycle>();
    for (let start = from; start <= to; start += MAX_RANGE) {
      const page = await read(engine.unit, start, Math.min(to, start + MAX_RANGE - 1));
      if (typeof page === 'string') {
        report.unreadable.push({ unit: engine.unit, message: page });
        return;
      }
      for (const c of page) stored.set(c.cycle, c);
    }
    report.engines++;
    for (const sent of engine.cycles) {
      if (sent.cycle > to) break;
      if (!inRanges(sent.cycle, ranges)) continue;
      report.cyclesChecked++;
      const found = stored.get(sent.cycle);
      if (!found) {
        note({ unit: engine.unit, cycle: sent.cycle, problem: 'missing' });
        continue;
      }
      const detail = firstDifference(sent, found);
      if (detail) note({ unit: engine.unit, cycle: sent.cycle, problem: 'different', detail });
    }
  };

  const queue = options.engines.filter((e) => options.ledger.ranges.has(e.unit));
  let next = 0;
  const worker = async () => {
    while (next < queue.length) {
      const engine = queue[next++]!;
      await check(engine, options.ledger.ranges.get(engine.unit)!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 8) }, worker));
  report.elapsedMs = performance.now() - started;
  return report;
}

/** True when every acknowledged cycle was read back as sent. */
export const verified = (r: VerifyReport) =>
  r.missing === 0 && r.different === 0 && r.unreadable.length === 0;
