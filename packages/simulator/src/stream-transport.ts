/**
 * How one request's worth of engine readings reaches the API and what it answered, per engine: the
 * bulk route (POST /fleet/telemetry, many engines a request, JSON or NDJSON) or the single-engine
 * route (POST /engines/{id}/telemetry). Retrying is the caller's; this only speaks the routes' shapes.
 */
import type { Cycle } from './degradation.js';

export interface EngineChunk {
  unit: string;
  cycles: readonly Cycle[];
}

export type EngineOutcome =
  | {
      outcome: 'stored' | 'duplicate';
      stored: number;
      duplicates: number;
      lastCycle: number;
      /** The API answered a fresh prediction for the engine. */
      predicted: boolean;
    }
  | { outcome: 'conflict'; conflicts: number[]; message: string }
  | { outcome: 'rejected'; code: string; message: string; field?: string }
  /** The API never gave an answer for it (every retry used up, or its answer left the engine out). */
  | { outcome: 'unacknowledged'; code: string; message: string };

export type Format = 'json' | 'ndjson';

export interface RouteOptions {
  api: string;
  apiKey?: string | undefined;
  /** ?model= : the model new engines are judged by. */
  model?: string | undefined;
  format?: Format;
}

export interface PreparedRequest {
  url: string;
  init: RequestInit;
  /** Turns the route's answer into one outcome per chunk, in the chunks' order. */
  read(response: Response): Promise<EngineOutcome[]>;
}

interface ErrorBody {
  code?: string;
  message?: string;
  details?: { path?: string; message?: string }[];
}

function headers(options: RouteOptions, contentType: string): Record<string, string> {
  const h: Record<string, string> = { 'content-type': contentType, accept: 'application/json' };
  if (options.apiKey) h.authorization = `Bearer ${options.apiKey}`;
  return h;
}

const base = (api: string) => api.replace(/\/+$/, '');
const query = (model: string | undefined) => (model ? `?model=${encodeURIComponent(model)}` : '');
const asError = (body: unknown): ErrorBody => (body && typeof body === 'object' ? (body as ErrorBody) : {});

/** Every engine of a request the API refused as a whole (a 400 for its structure, a 401, a 413…). */
const refusedWhole = (status: number, body: unknown, count: number): EngineOutcome[] => {
  const e = asError(body);
  const outcome: EngineOutcome = {
    outcome: 'rejected',
    code: e.code ?? `HTTP_${status}`,
    message: e.message ?? `HTTP ${status}`,
  };
  return Array.from({ length: count }, () => outcome);
};

interface BulkEngineAnswer {
  id?: string;
  outcome?: string;
  stored?: number;
  duplicates?: number;
  lastCycle?: number;
  conflicts?: number[];
  error?: { code?: string; message?: string; field?: string; cycle?: number };
  prediction?: unknown;
}

function bulkOutcome(answer: BulkEngineAnswer | undefined, unit: string): EngineOutcome {
  if (!answer || answer.id !== unit) {
    return {
      outcome: 'unacknowledged',
      code: 'ANSWER_MISMATCH',
      message: `the answer did not list engine ${unit} at its position`,
    };
  }
  if (answer.outcome === 'stored' || answer.outcome === 'duplicate') {
    return {
      outcome: answer.outcome,
      stored: answer.stored ?? 0,
      duplicates: answer.duplicates ?? 0,
      lastCycle: answer.lastCycle ?? 0,
      predicted: answer.prediction !== null && answer.prediction !== undefined,
    };
  }
  const message = answer.error?.message ?? `engine ${unit}: ${answer.outcome ?? 'no outcome'}`;
  if (answer.outcome === 'conflict')
    return { outcome: 'conflict', conflicts: answer.conflicts ?? [], message };
  const field = answer.error?.field;
  return {
    outcome: 'rejected',
    code: answer.error?.code ?? String(answer.outcome),
    message,
    ...(field ? { field } : {}),
  };
}

/** Readings of many engines in one POST /fleet/telemetry; the answer lists them in request order. */
export function bulkRequest(chunks: readonly EngineChunk[], options: RouteOptions): PreparedRequest {
  let body: string;
  let contentType: string;
  if (options.format === 'ndjson') {
    contentType = 'application/x-ndjson';
    body = '';
    for (const { unit, cycles } of chunks) {
      for (const c of cycles) {
        body += `${JSON.stringify({ id: unit, cycle: c.cycle, settings: c.settings, sensors: c.sensors })}\n`;
      }
    }
  } else {
    contentType = 'application/json';
    body = JSON.stringify({
      engines: chunks.map(({ unit, cycles }) => ({
        id: unit,
        cycles: cycles.map(({ cycle, settings, sensors }) => ({ cycle, settings, sensors })),
      })),
    });
  }
  return {
    url: `${base(options.api)}/fleet/telemetry${query(options.model)}`,
    init: { method: 'POST', headers: headers(options, contentType), body },
    async read(response) {
      const parsed: unknown = await response.json().catch(() => undefined);
      if (!response.ok) return refusedWhole(response.status, parsed, chunks.length);
      const answers = (parsed as { engines?: BulkEngineAnswer[] } | undefined)?.engines ?? [];
      return chunks.map((chunk, i) => bulkOutcome(answers[i], chunk.unit));
    },
  };
}

/** One engine's readings in one POST /engines/{id}/telemetry. */
export function singleRequest(chunk: EngineChunk, options: RouteOptions): PreparedRequest {
  const cycles = chunk.cycles.map(({ cycle, settings, sensors }) => ({ cycle, settings, sensors }));
  return {
    url: `${base(options.api)}/engines/${encodeURIComponent(chunk.unit)}/telemetry${query(options.model)}`,
    init: { method: 'POST', headers: headers(options, 'application/json'), body: JSON.stringify({ cycles }) },
    async read(response) {
      const parsed: unknown = await response.json().catch(() => undefined);
      if (response.ok) {
        const ok = parsed as {
          stored?: number;
          duplicates?: number;
          engine?: { lastCycle?: number };
          prediction?: unknown;
        };
        const stored = ok.stored ?? 0;
        return [
          {
            outcome: stored > 0 ? 'stored' : 'duplicate',
            stored,
            duplicates: ok.duplicates ?? 0,
            lastCycle: ok.engine?.lastCycle ?? 0,
            predicted: ok.prediction !== null && ok.prediction !== undefined,
          },
        ];
      }
      const e = asError(parsed);
      if (response.status === 409 && e.code === 'TELEMETRY_CONFLICT') {
        // The route names each conflicting cycle in details as "cycle N".
        const conflicts = (e.details ?? []).flatMap((d) => {
          const m = /^cycle (\d+)$/.exec(d.path ?? '');
          return m ? [Number(m[1])] : [];
        });
        return [{ outcome: 'conflict', conflicts, message: e.message ?? 'conflicting cycles' }];
      }
      return refusedWhole(response.status, parsed, 1);
    },
  };
}
