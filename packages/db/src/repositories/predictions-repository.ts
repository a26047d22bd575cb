import type { Database } from '../database.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { validateEngineId } from '../telemetry-input.js';

export interface NewPrediction {
  engineId: string;
  /** Last cycle of the input window the prediction was made from. */
  cycle: number;
  rul: number;
  lower: number;
  upper: number;
  modelVersion: string;
  /** Name of the model that made it. */
  modelName?: string | null;
  /** Warning codes the prediction came with (e.g. SETTINGS_OUT_OF_RANGE); none by default. */
  warnings?: readonly string[];
}

export interface Prediction extends NewPrediction {
  warnings: string[];
  modelName: string | null;
  id: number;
  createdAt: Date;
}

export interface PredictionPage {
  items: Prediction[];
  total: number;
  limit: number;
  offset: number;
}

interface PredictionRow {
  id: number;
  engine_id: string;
  cycle: number;
  rul: number;
  rul_lower: number;
  rul_upper: number;
  model_version: string;
  model_name: string | null;
  warnings: string[];
  created_at: Date;
}

const COLUMNS =
  'id::int AS id, engine_id, cycle, rul, rul_lower, rul_upper, model_version, model_name, warnings, created_at';

function toPrediction(r: PredictionRow): Prediction {
  return {
    id: r.id,
    engineId: r.engine_id,
    cycle: r.cycle,
    rul: r.rul,
    lower: r.rul_lower,
    upper: r.rul_upper,
    modelVersion: r.model_version,
    modelName: r.model_name,
    warnings: r.warnings,
    createdAt: r.created_at,
  };
}

/** Checks a prediction before it reaches SQL; returns its warning codes. */
function validatePrediction(p: NewPrediction): string[] {
  validateEngineId(p.engineId);
  if (!Number.isInteger(p.cycle) || p.cycle < 1) {
    throw new ValidationError('cycle must be a positive integer', { field: 'cycle' });
  }
  for (const [field, v] of Object.entries({ rul: p.rul, lower: p.lower, upper: p.upper })) {
    if (!Number.isFinite(v)) throw new ValidationError(`${field} must be a finite number`, { field });
  }
  const warnings = [...(p.warnings ?? [])];
  for (const code of warnings) {
    if (!/^[A-Z][A-Z0-9_]{0,63}$/.test(code)) {
      throw new ValidationError(`warnings: '${code}' is not a warning code`, { field: 'warnings' });
    }
  }
  return warnings;
}

// recordMany's statements. The history rows go in input order, so identity ids follow it.
const LOCK_MANY_SQL = `SELECT id FROM engines WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE`;
const INSERT_MANY_SQL = `
INSERT INTO predictions (engine_id, cycle, rul, rul_lower, rul_upper, model_version, model_name, warnings)
SELECT p.engine_id, p.cycle, p.rul, p.lower, p.upper, p.model_version, p.model_name,
       ARRAY(SELECT jsonb_array_elements_text(p.warnings))
FROM jsonb_to_recordset($1::jsonb) AS p(ord int, engine_id text, cycle int, rul float8, lower float8,
  upper float8, model_version text, model_name text, warnings jsonb)
ORDER BY p.ord
RETURNING id`;
// Per engine the prediction record() would have left last: the highest cycle, the later of equal
// ones; it wins unless the engine already holds a later cycle. Its trend is fitted over the history
// up to it (h.id <= w.id), which is what record() saw when that prediction was recorded.
const UPDATE_MANY_SQL = `
WITH w AS (
  SELECT DISTINCT ON (engine_id) id, engine_id, cycle, rul, rul_lower, rul_upper, model_version, model_name, warnings
  FROM predictions WHERE id = ANY($1::bigint[]) ORDER BY engine_id, cycle DESC, id DESC
)
UPDATE engines e SET
  rul = w.rul, rul_lower = w.rul_lower, rul_upper = w.rul_upper, prediction_cycle = w.cycle,
  model_version = w.model_version, warnings = w.warnings, prediction_model = w.model_name,
  predicted_at = now(), updated_at = now(),
  trend = (SELECT regr_slope(r.rul, r.cycle) FROM (
    SELECT h.rul, h.cycle FROM predictions h WHERE h.engine_id = w.engine_id AND h.id <= w.id
    ORDER BY h.cycle DESC, h.id DESC LIMIT $2) r)
FROM w
WHERE e.id = w.engine_id AND (e.prediction_cycle IS NULL OR e.prediction_cycle <= w.cycle)`;

export interface PredictionsOptions {
  /** How many of the latest predictions the engine's trend slope is fitted over. */
  trendWindow: number;
}

export class PredictionsRepository {
  constructor(
    private readonly db: Database,
    private readonly options: PredictionsOptions,
  ) {}

  /**
   * Appends to the engine's history and refreshes the engine's denormalised latest prediction and
   * trend, unless a prediction for a later cycle is already there (late arrivals only add history).
   */
  async record(p: NewPrediction): Promise<Prediction> {
    const warnings = validatePrediction(p);
    return this.db.transaction(async (tx) => {
      // Locks the engine row so concurrent predictions for one engine update it in turn.
      const engine = await tx.query('SELECT 1 FROM engines WHERE id = $1 FOR UPDATE', [p.engineId]);
      if (engine.rowCount === 0) throw new NotFoundError('engine', p.engineId);
      const inserted = await tx.query<PredictionRow>(
        `INSERT INTO predictions (engine_id, cycle, rul, rul_lower, rul_upper, model_version, model_name, warnings)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
        [p.engineId, p.cycle, p.rul, p.lower, p.upper, p.modelVersion, p.modelName ?? null, warnings],
      );
      await tx.query(
        `UPDATE engines SET
           rul = $3, rul_lower = $4, rul_upper = $5, prediction_cycle = $2, model_version = $6,
           warnings = $8, prediction_model = $9, predicted_at = now(), updated_at = now(),
           trend = (SELECT regr_slope(r.rul, r.cycle) FROM (
             SELECT rul, cycle FROM predictions WHERE engine_id = $1
             ORDER BY cycle DESC, id DESC LIMIT $7) r)
         WHERE id = $1 AND (prediction_cycle IS NULL OR prediction_cycle <= $2)`,
        [
          p.engineId,
          p.cycle,
          p.rul,
          p.lower,
          p.upper,
          p.modelVersion,
          this.options.trendWindow,
          warnings,
          p.modelName ?? null,
        ],
      );
      const row = inserted.rows[0];
      if (!row) throw new Error('INSERT ... RETURNING returned no row');
      return toPrediction(row);
    });
  }

  /**
   * record() for many predictions in one transaction of three statements: engines locked in id
   * order, the history rows inserted, each engine's latest prediction and trend refreshed. Throws
   * NotFoundError (storing nothing) when an engine does not exist.
   */
  async recordMany(predictions: readonly NewPrediction[]): Promise<void> {
    const rows = predictions.map((p, ord) => ({
      ord,
      engine_id: p.engineId,
      cycle: p.cycle,
      rul: p.rul,
      lower: p.lower,
      upper: p.upper,
      model_version: p.modelVersion,
      model_name: p.modelName ?? null,
      warnings: validatePrediction(p),
    }));
    if (rows.length === 0) return;
    const engineIds = [...new Set(rows.map((r) => r.engine_id))];
    await this.db.transaction(async (tx) => {
      const locked = await tx.query<{ id: string }>(LOCK_MANY_SQL, [engineIds]);
      if (locked.rows.length < engineIds.length) {
        const found = new Set(locked.rows.map((r) => r.id));
        throw new NotFoundError('engine', engineIds.find((id) => !found.has(id)) ?? '');
      }
      const inserted = await tx.query<{ id: string }>(INSERT_MANY_SQL, [JSON.stringify(rows)]);
      await tx.query(UPDATE_MANY_SQL, [inserted.rows.map((r) => r.id), this.options.trendWindow]);
    });
  }

  /** The engine's predictions, newest cycle first. */
  async listByEngine(
    engineId: string,
    page: { limit?: number; offset?: number } = {},
  ): Promise<PredictionPage> {
    const limit = page.limit ?? 100;
    const offset = page.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000 || !Number.isInteger(offset) || offset < 0) {
      throw new ValidationError('limit must be 1..1000 and offset non-negative', { field: 'limit' });
    }
    const [rows, count] = await Promise.all([
      this.db.query<PredictionRow>(
        `SELECT ${COLUMNS} FROM predictions WHERE engine_id = $1
         ORDER BY cycle DESC, id DESC LIMIT $2 OFFSET $3`,
        [engineId, limit, offset],
      ),
      this.db.query<{ n: number }>('SELECT count(*)::int AS n FROM predictions WHERE engine_id = $1', [
        engineId,
      ]),
    ]);
    return { items: rows.rows.map(toPrediction), total: count.rows[0]?.n ?? 0, limit, offset };
  }
}
