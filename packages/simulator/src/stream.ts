/**
 * Streams a fleet's readings into the API: many engines per request through POST /fleet/telemetry
 * (or one engine per request through POST /engines/{id}/telemetry), the fleet ageing together, at a
 * target rate, retrying what the API asks to retry, and keeping a ledger of what it acknowledged.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AckLedger, type StoppedEngine } from './ack-ledger.js';
import type { Cycle } from './degradation.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from './stream-http.js';
import {
  bulkRequest,
  singleRequest,
  type EngineChunk,
  type EngineOutcome,
  type Format,
} from './stream-transport.js';

export interface StreamEngine {
  unit: string;
  /** Readings in cycle order; iterated again by the verification pass, so it must give the same ones. */
  cycles: Iterable<Cycle>;
}

export type StreamEvent =
  /** `at`: ms since the stream started. */
  | { type: 'acked'; engines: number; cycles: number; at: number }
  | { type: 'retry'; engines: number; status: number | 'network'; waitMs: number; at: number }
  | { type: 'stopped'; engine: StoppedEngine };

export interface StreamOptions {
  /** Base URL of the API, e.g. http://localhost:8000 */
  api: string;
  apiKey?: string | undefined;
  engines: readonly StreamEngine[];
  /** 'bulk' (default): POST /fleet/telemetry; 'single': POST /engines/{id}/telemetry. */
  mode?: 'bulk' | 'single';
  /** Bulk body: JSON (default) or NDJSON, one reading a line. */
  format?: Format;
  /** The model new engines are judged by (?model=). */
  model?: string | undefined;
  /** Cycles per second across the whole fleet; 0 sends as fast as the API answers. */
  rate: number;
  /** Cycles per request for each engine. */
  batch?: number;
  /** Most engines in one bulk request (single mode: always 1). */
  enginesPerRequest?: number;
  /** Requests in flight at once; never two for the same engine, so each engine's cycles stay in order. */
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  /** Stop starting requests after this long (the ones in flight still finish); default: until done. */
  durationMs?: number;
  signal?: AbortSignal;
  onEvent?: (event: StreamEvent) => void;
}

export interface StreamReport {
  mode: 'bulk' | 'single';
  /** HTTP requests made, retries included. */
  requests: number;
  retries: number;
  elapsedMs: number;
  /** Acknowledged cycles (stored + duplicate) per second of the run. */
  cyclesPerSec: number;
  /**
   * The longest time the API kept the stream waiting, as the client saw it: from an answer asking to
   * retry (or no answer) to the next acknowledgment. 0 when nothing was retried.
   */
  longestOutageMs: number;
  ledger: AckLedger;
}

/** An engine's place in its readings; `head` is the next reading not yet sent. */
interface Cursor {
  unit: string;
  source: Iterable<Cycle>;
  iterator?: Iterator<Cycle>;
  head?: IteratorResult<Cycle>;
}

function nextChunk(cursor: Cursor, batch: number): EngineChunk {
  cursor.iterator ??= cursor.source[Symbol.iterator]();
  cursor.head ??= cursor.iterator.next();
  const cycles: Cycle[] = [];
  while (cycles.length < batch && !cursor.head.done) {
    cycles.push(cursor.head.value);
    cursor.head = cursor.iterator.next();
  }
  return { unit: cursor.unit, cycles };
}

export async function streamTelemetry(options: StreamOptions): Promise<StreamReport> {
  const mode = options.mode ?? 'bulk';
  const batch = Math.max(1, options.batch ?? 1);
  const perRequest = mode === 'single' ? 1 : Math.max(1, options.enginesPerRequest ?? 500);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const route = { api: options.api, apiKey: options.apiKey, model: options.model, format: options.format };
  const ledger = new AckLedger();
  const report: StreamReport = {
    mode,
    requests: 0,
    retries: 0,
    elapsedMs: 0,
    cyclesPerSec: 0,
    longestOutageMs: 0,
    ledger,
  };
  let outageSince: number | undefined;
  const started = performance.now();
  const deadline = options.durationMs === undefined ? Infinity : started + options.durationMs;

  // Engines waiting for their next request, oldest first, so the fleet ages together.
  const ready: Cursor[] = options.engines.map((e) => ({ unit: e.unit, source: e.cycles }));
  let active = ready.length;
  let inFlight = 0;
  let scheduledCycles = 0;
  let wake: (() => void) | undefined;
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const notify = () => {
    wake?.();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };

  const send = async (chunks: EngineChunk[]): Promise<EngineOutcome[]> => {
    const prepared = mode === 'single' ? singleRequest(chunks[0]!, route) : bulkRequest(chunks, route);
    const attempt = await withRetries(
      () => {
        report.requests++;
        return fetch(prepared.url, { ...prepared.init, signal: options.signal ?? null });
      },
      policy,
      options.signal,
      ({ status, waitMs }) => {
        report.retries++;
        const at = performance.now() - started;
        outageSince ??= at;
        options.onEvent?.({ type: 'retry', engines: chunks.length, status, waitMs, at });
      },
    );
    if (attempt.ok) return prepared.read(attempt.response);
    const code = attempt.status === 'network' ? 'NETWORK' : `HTTP_${attempt.status}`;
    const message = `no answer after ${attempt.retries} retries (last: ${attempt.status}${attempt.message ? ` ${attempt.message.slice(0, 200)}` : ''})`;
    return chunks.map(() => ({ outcome: 'unacknowledged', code, message }));
  };

  const worker = async (): Promise<void> => {
    for (;;) {
      if (performance.now() >= deadline) return;
      if (ready.length === 0 && inFlight === 0) return;
      // Split what is left evenly over the requests in flight once fewer engines remain than
      // concurrency × engines-per-request, so the last rounds do not run one request at a time.
      const want = Math.max(1, Math.min(perRequest, Math.ceil(active / concurrency)));
      if (ready.length < want && inFlight > 0) {
        await changed;
        continue;
      }
      const cursors: Cursor[] = [];
      const chunks: EngineChunk[] = [];
      for (const cursor of ready.splice(0, want)) {
        const chunk = nextChunk(cursor, batch);
        if (chunk.cycles.length) {
          cursors.push(cursor);
          chunks.push(chunk);
        } else active--; // an engine with no readings at all
      }
      if (!chunks.length) continue;
      const cycles = chunks.reduce((n, c) => n + c.cycles.length, 0);
      inFlight++;
      let outcomes: EngineOutcome[];
      try {
        if (options.rate > 0) {
          // Paced by cycles, not requests, so --rate means the same whatever the request size.
          const due = started + (scheduledCycles / options.rate) * 1000;
          scheduledCycles += cycles;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait, undefined, { signal: options.signal });
        }
        outcomes = await send(chunks);
      } finally {
        inFlight--;
      }
      let acked = 0;
      let ackedCycles = 0;
      chunks.forEach((chunk, i) => {
        const cursor = cursors[i]!;
        const outcome = outcomes[i]!;
        const lastSent = chunk.cycles.at(-1)?.cycle ?? 0;
        const kept = ledger.record(chunk, outcome, lastSent);
        if (kept) {
          acked++;
          ackedCycles += chunk.cycles.length;
        } else {
          options.onEvent?.({ type: 'stopped', engine: ledger.stopped.at(-1)! });
        }
        // An engine the API did not acknowledge is not sent further: its later cycles would leave a gap.
        if (kept && !cursor.head?.done) ready.push(cursor);
        else active--;
      });
      if (acked) {
        const at = performance.now() - started;
        if (outageSince !== undefined) {
          report.longestOutageMs = Math.max(report.longestOutageMs, at - outageSince);
          outageSince = undefined;
        }
        options.onEvent?.({ type: 'acked', engines: acked, cycles: ackedCycles, at });
      }
      notify();
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  report.elapsedMs = performance.now() - started;
  // A stream that ended while still turned away: the outage lasted at least until the end.
  if (outageSince !== undefined) {
    report.longestOutageMs = Math.max(report.longestOutageMs, report.elapsedMs - outageSince);
  }
  report.cyclesPerSec = ledger.cyclesAcknowledged / Math.max(report.elapsedMs / 1000, 1e-9);
  return report;
}
