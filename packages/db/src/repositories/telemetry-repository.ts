import type { Database } from '../database.js';
import { TelemetryConflictError, ValidationError } from '../errors.js';
import type { CycleReading } from '../telemetry-input.js';
import { prepareBatch, validateEngineId } from '../telemetry-input.js';
import { floatArrayLiteral } from './float-array.js';
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

// One round trip for the whole batch. json_to_recordset turns one JSON parameter into rows, so any
// batch size is a fixed number of parameters; the values travel as float8[] literals
// (floatArrayLiteral), which round-trip exactly. `existing` reads the snapshot from before the insert: cycles already stored, with whether
// they match. The INSERT skips those. Telemetry is partitioned by received_at, so no unique index
// can hold (engine_id, cycle): uniqueness rests on the engine row lock every writer takes before
// this statement, which makes that snapshot complete. Only cycles up to the engine's last cycle
// ($3, read under that lock) can be stored already, so later ones skip the lookup, which probes
// every partition. The engine's last cycle moves only when something was stored.
const INGEST_SQL = `
WITH i AS (
  SELECT cycle, settings::float8[] AS settings, sensors::float8[] AS sensors
  FROM json_to_recordset($2::json) AS i(cycle int, settings text, sensors text)
),
existing AS (
  SELECT i.cycle, (t.settings = i.settings AND t.sensors = i.sensors) AS same
  FROM i JOIN telemetry t ON t.engine_id = $1 AND t.cycle = i.cycle
  WHERE i.cycle <= $3::int
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

/** lastCyclesMany's rows: [cycle, settings, sensors, received_at as ISO text], oldest first. */
type WindowJson = [number, number[], number[], string][];

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
    const payload = JSON.stringify(
      readings.map((r) => ({
        cycle: r.cycle,
        settings: floatArrayLiteral(r.settings),
        sensors: floatArrayLiteral(r.sensors),
      })),
    );
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
      }>(INGEST_SQL, [engineId, payload, locked.rows[0]?.last_cycle ?? 0]);
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
    // One JSON document per engine: the driver parses float8[] columns in JavaScript, several
    // times slower than JSON.parse for the 24 values of every reading. PostgreSQL prints a float8
    // in the shortest form that reads back as the same double, so values stay exact.
    const res = await this.db.query<{ engine_id: string; readings: string | WindowJson }>(
      `SELECT e.id AS engine_id,
              (SELECT coalesce(json_agg(json_build_array(l.cycle, l.settings, l.sensors, l.received_at)
                                        ORDER BY l.cycle), '[]')
               FROM (SELECT cycle, settings, sensors, received_at FROM telemetry t
                     WHERE t.engine_id = e.id ORDER BY t.cycle DESC LIMIT $2) l) AS readings
       FROM (SELECT DISTINCT unnest($1::text[]) AS id) e`,
      [engineIds, count],
    );
    for (const r of res.rows) {
      const window = typeof r.readings === 'string' ? (JSON.parse(r.readings) as WindowJson) : r.readings;
      out.set(
        r.engine_id,
        window.map(([cycle, settings, sensors, at]) => ({
          cycle,
          settings,
          sensors,
          receivedAt: new Date(at),
        })),
      );
    }
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
