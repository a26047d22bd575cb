import type { Database } from '../database.js';
import { TelemetryConflictError, ValidationError } from '../errors.js';
import type { CycleReading } from '../telemetry-input.js';
import { prepareBatch, validateEngineId } from '../telemetry-input.js';
import { ingestMany, type EngineBatch, type EngineBatchResult } from './telemetry-bulk.js';

export interface IngestResult {
  /** Cycles newly stored by this call. */
  stored: number;
  /** Cycles already stored with identical values (or repeated identically in the request). */
  duplicates: number;
  /** Highest cycle stored for the engine after this call. */
  lastCycle: number;
}

export interface StoredReading extends CycleReading {
  receivedAt: Date;
}

interface ReadingRow {
  cycle: number;
  settings: number[];
  sensors: number[];
  received_at: Date;
}

// One round trip for the whole batch. jsonb_to_recordset turns one JSON parameter into rows, so any
// batch size is a fixed number of parameters; JSON arrays become float8[] and JS numbers round-trip
// exactly. `existing` reads the snapshot from before the insert: cycles already stored, with whether
// they match. The INSERT skips those. Telemetry is partitioned by received_at, so no unique index
// can hold (engine_id, cycle): uniqueness rests on the engine row lock every writer takes before
// this statement, which makes that snapshot complete. The engine's last cycle moves only when
// something was stored.
const INGEST_SQL = `
WITH i AS (
  SELECT * FROM jsonb_to_recordset($2::jsonb) AS i(cycle int, settings float8[], sensors float8[])
),
existing AS (
  SELECT i.cycle, (t.settings = i.settings AND t.sensors = i.sensors) AS same
  FROM i JOIN telemetry t ON t.engine_id = $1 AND t.cycle = i.cycle
),
ins AS (
  INSERT INTO telemetry (engine_id, cycle, settings, sensors)
  SELECT $1, i.cycle, i.settings, i.sensors FROM i
  WHERE i.cycle NOT IN (SELECT cycle FROM existing)
  ORDER BY i.cycle
  RETURNING cycle
),
upd AS (
  UPDATE engines SET last_cycle = GREATEST(coalesce(last_cycle, 0), (SELECT max(cycle) FROM ins)),
                     updated_at = now()
  WHERE id = $1 AND EXISTS (SELECT 1 FROM ins)
  RETURNING last_cycle
)
SELECT (SELECT count(*)::int FROM ins) AS stored,
       (SELECT count(*)::int FROM existing WHERE same) AS duplicates,
       (SELECT coalesce(array_agg(cycle ORDER BY cycle), '{}') FROM existing WHERE NOT same) AS conflicts,
       (SELECT last_cycle FROM upd) AS last_cycle`;

function toReading(r: ReadingRow): StoredReading {
  return { cycle: r.cycle, settings: r.settings, sensors: r.sensors, receivedAt: r.received_at };
}

export class TelemetryRepository {
  constructor(private readonly db: Database) {}

  /**
   * Stores a batch of cycles for one engine (creating the engine on first sight) in one transaction.
   * Idempotent per (engine, cycle): an identical resend counts as a duplicate; a resend with other
   * values throws TelemetryConflictError and stores nothing from the request. Resolves after COMMIT.
   */
  async ingest(engineId: string, cycles: readonly CycleReading[]): Promise<IngestResult> {
    const { readings, inRequestDuplicates } = prepareBatch(engineId, cycles);
    const payload = JSON.stringify(readings);
    return this.db.transaction(async (tx) => {
      // Row-locking the engine first serialises writers of the same engine. The next statement then
      // starts after every earlier writer committed, so its snapshot holds all their cycles and the
      // stored/duplicate/conflict split is exact, with no deadlock between overlapping batches.
      const locked = await tx.query<{ last_cycle: number | null }>(
        `INSERT INTO engines (id) VALUES ($1)
         ON CONFLICT (id) DO UPDATE SET updated_at = engines.updated_at
         RETURNING last_cycle`,
        [engineId],
      );
      const res = await tx.query<{
        stored: number;
        duplicates: number;
        conflicts: number[];
        last_cycle: number | null;
      }>(INGEST_SQL, [engineId, payload]);
      const row = res.rows[0];
      if (!row) throw new Error('ingest statement returned no row');
      if (row.conflicts.length > 0) {
        // Throwing inside the transaction rolls back the cycles the statement inserted.
        throw new TelemetryConflictError(engineId, row.conflicts);
      }
      return {
        stored: row.stored,
        duplicates: row.duplicates + inRequestDuplicates,
        lastCycle: row.last_cycle ?? locked.rows[0]?.last_cycle ?? 0,
      };
    });
  }

  /**
   * Stores many engines' readings in one transaction, results in the order of `batches`: per engine
   * 'stored', 'duplicate', 'conflict' (nothing of that engine stored) or 'rejected' (bad readings,
   * a failed engine, another model). The same engine twice throws ValidationError.
   */
  async ingestMany(batches: readonly EngineBatch[]): Promise<EngineBatchResult[]> {
    return ingestMany(this.db, batches);
  }

  /** Readings with fromCycle <= cycle <= toCycle, oldest first. */
  async range(engineId: string, fromCycle: number, toCycle: number): Promise<StoredReading[]> {
    validateEngineId(engineId);
    if (!Number.isInteger(fromCycle) || !Number.isInteger(toCycle) || fromCycle > toCycle) {
      throw new ValidationError('fromCycle and toCycle must be integers with fromCycle <= toCycle');
    }
    const res = await this.db.query<ReadingRow>(
      `SELECT cycle, settings, sensors, received_at FROM telemetry
       WHERE engine_id = $1 AND cycle BETWEEN $2 AND $3 ORDER BY cycle`,
      [engineId, fromCycle, toCycle],
    );
    return res.rows.map(toReading);
  }

  /** The engine's last `count` cycles, oldest first: the model's input window. */
  async lastCycles(engineId: string, count: number): Promise<StoredReading[]> {
    validateEngineId(engineId);
    if (!Number.isInteger(count) || count < 1) {
      throw new ValidationError('count must be a positive integer', { field: 'count' });
    }
    const res = await this.db.query<ReadingRow>(
      `SELECT * FROM (
         SELECT cycle, settings, sensors, received_at FROM telemetry
         WHERE engine_id = $1 ORDER BY cycle DESC LIMIT $2
       ) last ORDER BY cycle`,
      [engineId, count],
    );
    return res.rows.map(toReading);
  }

  /** Each engine's last `count` cycles, oldest first, in one query; engines without any map to []. */
  async lastCyclesMany(engineIds: readonly string[], count: number): Promise<Map<string, StoredReading[]>> {
    engineIds.forEach(validateEngineId);
    if (!Number.isInteger(count) || count < 1) {
      throw new ValidationError('count must be a positive integer', { field: 'count' });
    }
    const out = new Map<string, StoredReading[]>(engineIds.map((id) => [id, []]));
    if (engineIds.length === 0) return out;
    const res = await this.db.query<ReadingRow & { engine_id: string }>(
      `SELECT e.id AS engine_id, l.cycle, l.settings, l.sensors, l.received_at
       FROM (SELECT DISTINCT unnest($1::text[]) AS id) e
       CROSS JOIN LATERAL (
         SELECT cycle, settings, sensors, received_at FROM telemetry t
         WHERE t.engine_id = e.id ORDER BY t.cycle DESC LIMIT $2
       ) l
       ORDER BY e.id, l.cycle`,
      [engineIds, count],
    );
    for (const r of res.rows) out.get(r.engine_id)?.push(toReading(r));
    return out;
  }

  async count(engineId: string): Promise<number> {
    const res = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM telemetry WHERE engine_id = $1',
      [engineId],
    );
    return res.rows[0]?.n ?? 0;
  }
}
