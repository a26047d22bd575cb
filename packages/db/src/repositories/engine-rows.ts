// Row shape of `engines` and its mapping to the public Engine type, shared by the fleet queries.

export type EngineStatus = 'healthy' | 'warning' | 'critical' | 'unknown' | 'failed';
export const ENGINE_STATUSES: readonly EngineStatus[] = [
  'healthy',
  'warning',
  'critical',
  'unknown',
  'failed',
];

/** Statuses of an engine whose RUL the model judged: those the RUL bands and ranges count. */
export const JUDGED_STATUSES: readonly EngineStatus[] = ['healthy', 'warning', 'critical'];

/** SQL: the engine row `e` (with its derived `health`) has a judged RUL. */
export const IS_JUDGED = `e.health IN (${JUDGED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Warning codes of a prediction the model could not judge (a history outside its training data):
 * such an engine's status is 'unknown', whatever the RUL it was given, and its RUL is left out of
 * the fleet's lowest RUL.
 */
export const UNJUDGED_WARNINGS: readonly string[] = ['SETTINGS_OUT_OF_RANGE', 'READINGS_OUT_OF_RANGE'];

export interface StatusThresholds {
  /** RUL at or below which an engine is 'warning'. */
  warningRul: number;
  /** RUL at or below which an engine is 'critical'. */
  criticalRul: number;
}

export interface LatestPrediction {
  rul: number;
  lower: number;
  upper: number;
  cycle: number;
  modelVersion: string;
  /** Name of the model that made it; null for predictions stored before models had names here. */
  modelName: string | null;
  predictedAt: Date;
  /** Least-squares slope of RUL per cycle over the recent predictions; null with fewer than two. */
  trend: number | null;
  /** Warning codes of this prediction (e.g. SETTINGS_OUT_OF_RANGE: the model could not judge it). */
  warnings: string[];
}

export interface Engine {
  id: string;
  /** Derived from the latest prediction and the thresholds in force; 'failed' once a failure is recorded. */
  status: EngineStatus;
  lastCycle: number | null;
  failedAtCycle: number | null;
  /** The model the engine is judged by; null = chosen per prediction by its operating conditions. */
  model: string | null;
  prediction: LatestPrediction | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface EngineRow {
  id: string;
  health: EngineStatus;
  last_cycle: number | null;
  failed_at_cycle: number | null;
  rul: number | null;
  rul_lower: number | null;
  rul_upper: number | null;
  prediction_cycle: number | null;
  model_version: string | null;
  model_name: string | null;
  prediction_model: string | null;
  predicted_at: Date | null;
  trend: number | null;
  warnings: string[];
  created_at: Date;
  updated_at: Date;
}

/**
 * The status in SQL from thresholds bound as $1 (critical) and $2 (warning), over the engines row
 * `e`, so filtering and counting by status happen in the database.
 */
export const HEALTH_EXPRESSION = `CASE
    WHEN e.failed_at_cycle IS NOT NULL THEN 'failed'
    WHEN e.rul IS NULL OR e.warnings && ARRAY[${UNJUDGED_WARNINGS.map((c) => `'${c}'`).join(', ')}]::text[]
      THEN 'unknown'
    WHEN e.rul <= $1 THEN 'critical'
    WHEN e.rul <= $2 THEN 'warning'
    ELSE 'healthy'
  END`;

/** SELECT list of an engine with its status (HEALTH_EXPRESSION, thresholds bound as $1 and $2). */
export const ENGINE_COLUMNS = `
  e.id, e.last_cycle, e.failed_at_cycle, e.rul, e.rul_lower, e.rul_upper, e.prediction_cycle,
  e.model_version, e.model_name, e.prediction_model, e.predicted_at, e.trend, e.warnings, e.created_at, e.updated_at,
  ${HEALTH_EXPRESSION} AS health`;

export function toEngine(r: EngineRow): Engine {
  const prediction: LatestPrediction | null =
    r.rul === null || r.model_version === null || r.predicted_at === null
      ? null
      : {
          rul: r.rul,
          lower: r.rul_lower ?? r.rul,
          upper: r.rul_upper ?? r.rul,
          cycle: r.prediction_cycle ?? 0,
          modelVersion: r.model_version,
          modelName: r.prediction_model,
          predictedAt: r.predicted_at,
          trend: r.trend,
          warnings: r.warnings,
        };
  return {
    id: r.id,
    status: r.health,
    lastCycle: r.last_cycle,
    failedAtCycle: r.failed_at_cycle,
    model: r.model_name,
    prediction,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}
