import type { Database } from '../database.js';
import { TelemetryConflictError, ValidationError } from '../errors.js';
import type { CycleReading } from '../telemetry-input.js';
import { prepareBatch, validateEngineId } from '../telemetry-input.js';

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

// jsonb_to_recordset turns one JSON parameter into rows, so a batch of any size is one statement
// with a fixed number of parameters; JSON arrays become float8[] (and JS numbers round-trip exactly).
const INPUT_ROWS = `jsonb_to_recordset($2::jsonb) AS i(cycle int, settings float8[], sensors float8[])`;

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
      // Row-locking the engine first serialises writers of the same engine: each sees the previous
      // one's committed cycles, so the duplicate/conflict check below is exact and deadlock-free.
      await tx.query(
        `INSERT INTO engines (id) VALUES ($1)
         ON CONFLICT (id) DO UPDATE SET updated_at = engines.updated_at`,
        [engineId],
      );
      const inserted = await tx.query<{ cycle: number }>(
        `INSERT INTO telemetry (engine_id, cycle, settings, sensors)
         SELECT $1, i.cycle, i.settings, i.sensors FROM ${INPUT_ROWS} ORDER BY i.cycle
         ON CONFLICT (engine_id, cycle) DO NOTHING
         RETURNING cycle`,
        [engineId, payload],
      );
      const insertedCycles = new Set(inserted.rows.map((r) => r.cycle));
      const resent = readings.filter((r) => !insertedCycles.has(r.cycle));
      if (resent.length > 0) {
        const differing = await tx.query<{ cycle: number }>(
          `SELECT i.cycle FROM ${INPUT_ROWS}
           JOIN telemetry t ON t.engine_id = $1 AND t.cycle = i.cycle
           WHERE t.settings <> i.settings OR t.sensors <> i.sensors
           ORDER BY i.cycle`,
          [engineId, JSON.stringify(resent)],
        );
        if (differing.rows.length > 0) {
          // Throwing inside the transaction rolls back every cycle inserted above.
          throw new TelemetryConflictError(
            engineId,
            differing.rows.map((r) => r.cycle),
          );
        }
      }
      const maxCycle = readings[readings.length - 1]?.cycle ?? 0;
      const engine = await tx.query<{ last_cycle: number }>(
        `UPDATE engines
         SET last_cycle = GREATEST(coalesce(last_cycle, 0), $2),
             updated_at = CASE WHEN $3 THEN now() ELSE updated_at END
         WHERE id = $1
         RETURNING last_cycle`,
        [engineId, maxCycle, insertedCycles.size > 0],
      );
      return {
        stored: insertedCycles.size,
        duplicates: resent.length + inRequestDuplicates,
        lastCycle: engine.rows[0]?.last_cycle ?? maxCycle,
      };
    });
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

  async count(engineId: string): Promise<number> {
    const res = await this.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM telemetry WHERE engine_id = $1',
      [engineId],
    );
    return res.rows[0]?.n ?? 0;
  }
}
