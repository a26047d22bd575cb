import { setTimeout as sleep } from 'node:timers/promises';
import type { Cycle } from './degradation.js';

export interface StreamEngine {
  unit: string;
  cycles: readonly Cycle[];
}

export type StreamEvent =
  | { type: 'sent'; unit: string; cycles: number; status: number; body: unknown }
  | { type: 'retry'; unit: string; status: number | 'network'; waitMs: number }
  | { type: 'rejected'; unit: string; status: number; body: unknown };

export interface StreamOptions {
  /** Base URL of the API, e.g. http://localhost:8000 */
  api: string;
  apiKey?: string;
  engines: readonly StreamEngine[];
  /** Cycles per second across the whole fleet; 0 sends as fast as the API answers. */
  rate: number;
  /** Cycles per request for each engine. */
  batch?: number;
  /** Requests in flight at once (never two for the same engine, so each engine's cycles stay in order). */
  concurrency?: number;
  maxRetries?: number;
  signal?: AbortSignal;
  onEvent?: (event: StreamEvent) => void;
}

export interface StreamSummary {
  cyclesSent: number;
  requests: number;
  retries: number;
  rejected: number;
  elapsedMs: number;
}

interface Chunk {
  unit: string;
  cycles: readonly Cycle[];
}

/** Round-robin over engines so the fleet ages together, like a live fleet reporting cycle by cycle. */
function schedule(engines: readonly StreamEngine[], batch: number): Chunk[] {
  const chunks: Chunk[] = [];
  const longest = Math.max(0, ...engines.map((e) => e.cycles.length));
  for (let start = 0; start < longest; start += batch) {
    for (const e of engines) {
      const cycles = e.cycles.slice(start, start + batch);
      if (cycles.length) chunks.push({ unit: e.unit, cycles });
    }
  }
  return chunks;
}

const retryable = (status: number) => status === 429 || status === 502 || status === 503 || status === 504;

function retryDelay(response: Response | undefined, attempt: number): number {
  const header = response?.headers.get('retry-after');
  const seconds = header ? Number(header) : NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, 30_000);
  return Math.min(200 * 2 ** attempt, 10_000);
}

/** Stream engines' readings into `POST /engines/{id}/telemetry`, retrying what the API asks to retry. */
export async function streamTelemetry(options: StreamOptions): Promise<StreamSummary> {
  const batch = Math.max(1, options.batch ?? 1);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const maxRetries = options.maxRetries ?? 8;
  const pending = schedule(options.engines, batch);
  const busy = new Set<string>();
  const summary: StreamSummary = { cyclesSent: 0, requests: 0, retries: 0, rejected: 0, elapsedMs: 0 };
  const started = performance.now();
  let scheduled = 0;

  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;

  const send = async (chunk: Chunk) => {
    const url = `${options.api.replace(/\/$/, '')}/engines/${encodeURIComponent(chunk.unit)}/telemetry`;
    const body = JSON.stringify({ cycles: chunk.cycles });
    for (let attempt = 0; ; attempt++) {
      let response: Response | undefined;
      try {
        summary.requests++;
        response = await fetch(url, { method: 'POST', headers, body, signal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) throw error;
      }
      if (response && !retryable(response.status)) {
        const parsed: unknown = await response.json().catch(() => undefined);
        if (response.ok) {
          summary.cyclesSent += chunk.cycles.length;
          options.onEvent?.({
            type: 'sent',
            unit: chunk.unit,
            cycles: chunk.cycles.length,
            status: response.status,
            body: parsed,
          });
        } else {
          summary.rejected++;
          options.onEvent?.({ type: 'rejected', unit: chunk.unit, status: response.status, body: parsed });
        }
        return;
      }
      if (response) await response.body?.cancel();
      if (attempt >= maxRetries) {
        summary.rejected++;
        options.onEvent?.({
          type: 'rejected',
          unit: chunk.unit,
          status: response?.status ?? 0,
          body: undefined,
        });
        return;
      }
      const waitMs = retryDelay(response, attempt);
      summary.retries++;
      options.onEvent?.({ type: 'retry', unit: chunk.unit, status: response?.status ?? 'network', waitMs });
      await sleep(waitMs, undefined, { signal: options.signal });
    }
  };

  const worker = async () => {
    while (pending.length) {
      const index = pending.findIndex((c) => !busy.has(c.unit));
      if (index < 0) {
        await sleep(1, undefined, { signal: options.signal });
        continue;
      }
      const [chunk] = pending.splice(index, 1);
      if (!chunk) continue;
      busy.add(chunk.unit);
      if (options.rate > 0) {
        // Pace by cycles, not requests, so --rate means the same whatever the batch size.
        scheduled += chunk.cycles.length;
        const due = started + (scheduled / options.rate) * 1000;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait, undefined, { signal: options.signal });
      }
      try {
        await send(chunk);
      } finally {
        busy.delete(chunk.unit);
      }
    }
  };

  await Promise.all(Array.from({ length: concurrency }, worker));
  summary.elapsedMs = performance.now() - started;
  return summary;
}
