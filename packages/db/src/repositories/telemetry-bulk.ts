// Bulk telemetry: many engines in one transaction with a fixed number of statements, whatever the
// engine count. Each engine is all-or-nothing; the others of the call are stored regardless.
import type { Database } from '../database.js';
import { TelemetryConflictError, ValidationError } from '../errors.js';
import type { CycleReading } from '../telemetry-input.js';
import { prepareBatch } from '../telemetry-input.js';
import { floatArrayLiteral } from './float-array.js';
import { validateModelName } from './engines-repository.js';

export interface EngineBatch {
  engineId: string;
  cycles: readonly CycleReading[];
  /** The model a NEW engine is judged by; an existing engine judged by another model is rejected. */
  model?: string | null;
}

export type EngineBatchResult =
  | {
      engineId: string;
      /** 'stored': at least one new cycle; 'duplicate': every cycle was already stored identically. */
      outcome: 'stored' | 'duplicate';
      stored: number;
      duplicates: number;
      lastCycle: number;
    }
  | { engineId: string; outcome: 'conflict'; conflicts: number[]; message: string }
  | {
      engineId: string;
      outcome: 'rejected';
      code: 'VALIDATION_ERROR' | 'ENGINE_FAILED' | 'ENGINE_MODEL_DIFFERS';
      message: string;
      field?: string;
      cycle?: number;
    };

// Locks every engine of the call (creating new ones) in one statement. Rows are processed in the
// ORDER BY, so every bulk writer takes its locks in the same order as every other: no deadlock,
// and a single-engine writer holds only one lock. The no-op update is what takes the row lock.
const LOCK_SQL = `
INSERT INTO engines (id, model_name)
SELECT b.id, b.model FROM unnest($1::text[], $2::text[]) AS b(id, model) ORDER BY b.id
ON CONFLICT (id) DO UPDATE SET updated_at = engines.updated_at
RETURNING id, model_name, failed_at_cycle, last_cycle`;

// INGEST_SQL of telemetry-repository.ts over many engines. It runs after LOCK_SQL, so its snapshot
// holds every cycle committed by earlier writers of these engines. Only cycles up to the engine's
// last_cycle (read under the lock) can be stored already; later ones, the common case of a stream,
// skip the lookup, which probes every partition. An engine with any differing cycle is in `bad`
// and none of its readings are inserted. Uniqueness of (engine_id, cycle) rests on the engine
// lock: the partitioned table has no unique index on it.
const BULK_INGEST_SQL = `
WITH i AS (
  SELECT engine_id, cycle, settings::float8[] AS settings, sensors::float8[] AS sensors, last_cycle
  FROM json_to_recordset($1::json) AS i(engine_id text, cycle int, settings text, sensors text, last_cycle int)
),
found AS (
  SELECT i.engine_id, i.cycle, (t.settings = i.settings AND t.sensors = i.sensors) AS same
  FROM i JOIN telemetry t ON t.engine_id = i.engine_id AND t.cycle = i.cycle
  WHERE i.cycle <= i.last_cycle
),
bad AS (SELECT DISTINCT engine_id FROM found WHERE NOT same),
ins AS (
  INSERT INTO telemetry (engine_id, cycle, settings, sensors)
  SELECT i.engine_id, i.cycle, i.settings, i.sensors FROM i
  WHERE i.engine_id NOT IN (SELECT engine_id FROM bad)
    AND NOT EXISTS (SELECT 1 FROM found f WHERE f.engine_id = i.engine_id AND f.cycle = i.cycle)
  ORDER BY i.engine_id, i.cycle
  RETURNING engine_id, cycle
),
s AS (SELECT engine_id, count(*)::int AS n, max(cycle) AS max_cycle FROM ins GROUP BY engine_id),
upd AS (
  UPDATE engines e SET last_cycle = GREATEST(coalesce(e.last_cycle, 0), s.max_cycle), updated_at = now()
  FROM s WHERE e.id = s.engine_id
  RETURNING e.id, s.n AS stored, e.last_cycle
),
f AS (
  SELECT engine_id, count(*) FILTER (WHERE same)::int AS duplicates,
         coalesce(array_agg(cycle ORDER BY cycle) FILTER (WHERE NOT same), '{}') AS conflicts
  FROM found GROUP BY engine_id
)
SELECT coalesce(f.engine_id, u.id) AS engine_id, coalesce(f.duplicates, 0) AS duplicates,
       coalesce(f.conflicts, '{}') AS conflicts, coalesce(u.stored, 0) AS stored, u.last_cycle
FROM f FULL JOIN upd u ON u.id = f.engine_id`;

interface Prepared {
  index: number;
  engineId: string;
  model: string | null;
  readings: CycleReading[];
  inRequestDuplicates: number;
}

interface LockedRow {
  id: string;
  model_name: string | null;
  failed_at_cycle: number | null;
  last_cycle: number | null;
}

interface IngestRow {
  engine_id: string;
  duplicates: number;
  conflicts: number[];
  stored: number;
  last_cycle: number | null;
}

/** The same engine twice in one call is a malformed request, not a per-engine outcome. */
function checkDistinct(batches: readonly EngineBatch[]): void {
  const seen = new Map<string, number>();
  batches.forEach((b, i) => {
    const first = seen.get(b.engineId);
    if (first !== undefined) {
      throw new ValidationError(
        `engine '${b.engineId}' appears twice, at positions ${first} and ${i}; send each engine once per call`,
        { field: 'engineId', engineId: b.engineId, positions: [first, i] },
      );
    }
    seen.set(b.engineId, i);
  });
}

function rejectedFor(engineId: string, err: ValidationError): EngineBatchResult {
  const field = err.details?.field;
  const cycle = err.details?.cycle;
  return {
    engineId,
    outcome: 'rejected',
    code: 'VALIDATION_ERROR',
    message: err.message,
    ...(typeof field === 'string' ? { field } : {}),
    ...(typeof cycle === 'number' ? { cycle } : {}),
  };
}

/** Validates each engine's readings without the database; failures become that engine's result. */
function prepareAll(batches: readonly EngineBatch[], results: EngineBatchResult[]): Prepared[] {
  const prepared: Prepared[] = [];
  batches.forEach((b, index) => {
    try {
      const model = b.model ?? null;
      if (model !== null) validateModelName(model);
      const { readings, inRequestDuplicates } = prepareBatch(b.engineId, b.cycles);
      prepared.push({ index, engineId: b.engineId, model, readings, inRequestDuplicates });
    } catch (err) {
      if (err instanceof ValidationError) results[index] = rejectedFor(b.engineId, err);
      else if (err instanceof TelemetryConflictError) {
        results[index] = {
          engineId: b.engineId,
          outcome: 'conflict',
          conflicts: err.cycles,
          message: err.message,
        };
      } else throw err;
    }
  });
  return prepared;
}

/** Outcome decided by the engine row alone (failed, or judged by another model); null when eligible. */
function refusal(p: Prepared, row: LockedRow): EngineBatchResult | null {
  if (row.failed_at_cycle !== null) {
    return {
      engineId: p.engineId,
      outcome: 'rejected',
      code: 'ENGINE_FAILED',
      message: `engine '${p.engineId}' failed at cycle ${row.failed_at_cycle}; it takes no more telemetry`,
    };
  }
  if (p.model !== null && row.model_name !== p.model) {
    const judge = row.model_name === null ? 'the model that fits its history' : `model '${row.model_name}'`;
    return {
      engineId: p.engineId,
      outcome: 'rejected',
      code: 'ENGINE_MODEL_DIFFERS',
      message: `engine '${p.engineId}' is judged by ${judge}, not '${p.model}'`,
      field: 'model',
    };
  }
  return null;
}

function outcomeOf(p: Prepared, row: IngestRow | undefined, locked: LockedRow): EngineBatchResult {
  if (!row) throw new Error(`bulk ingest statement returned no row for engine '${p.engineId}'`);
  if (row.conflicts.length > 0) {
    const err = new TelemetryConflictError(p.engineId, row.conflicts);
    return { engineId: p.engineId, outcome: 'conflict', conflicts: row.conflicts, message: err.message };
  }
  return {
    engineId: p.engineId,
    outcome: row.stored > 0 ? 'stored' : 'duplicate',
    stored: row.stored,
    duplicates: row.duplicates + p.inRequestDuplicates,
    lastCycle: row.last_cycle ?? locked.last_cycle ?? 0,
  };
}

/**
 * Stores many engines' readings in one transaction of two statements (lock, then insert), results
 * in the order of `batches`. Resolves after COMMIT; a database error rejects the whole call.
 */
export async function ingestMany(
  db: Database,
  batches: readonly EngineBatch[],
): Promise<EngineBatchResult[]> {
  checkDistinct(batches);
  const results = new Array<EngineBatchResult>(batches.length);
  const prepared = prepareAll(batches, results);
  if (prepared.length === 0) return results;
  await db.transaction(async (tx) => {
    const locked = await tx.query<LockedRow>(LOCK_SQL, [
      prepared.map((p) => p.engineId),
      prepared.map((p) => p.model),
    ]);
    const rows = new Map(locked.rows.map((r) => [r.id, r]));
    const eligible: Prepared[] = [];
    for (const p of prepared) {
      const row = rows.get(p.engineId);
      if (!row) throw new Error(`engine lock returned no row for '${p.engineId}'`);
      const refused = refusal(p, row);
      if (refused) results[p.index] = refused;
      else eligible.push(p);
    }
    if (eligible.length === 0) return;
    const payload = JSON.stringify(
      eligible.flatMap((p) => {
        // Every stored cycle is at most the engine's last_cycle: each insert moves it.
        const last = rows.get(p.engineId)?.last_cycle ?? 0;
        return p.readings.map((r) => ({
          engine_id: p.engineId,
          cycle: r.cycle,
          settings: floatArrayLiteral(r.settings),
          sensors: floatArrayLiteral(r.sensors),
          last_cycle: last,
        }));
      }),
    );
    const res = await tx.query<IngestRow>(BULK_INGEST_SQL, [payload]);
    const byEngine = new Map(res.rows.map((r) => [r.engine_id, r]));
    for (const p of eligible) {
      results[p.index] = outcomeOf(p, byEngine.get(p.engineId), rows.get(p.engineId) as LockedRow);
    }
  });
  return results;
}
