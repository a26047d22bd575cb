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
