import type { Database } from '../database.js';
import type { CycleReading } from '../telemetry-input.js';

export interface RunToFailure {
  engineId: string;
  failedAtCycle: number;
  /** Telemetry up to and including the failure cycle, oldest first: one training trajectory. */
  cycles: CycleReading[];
}

interface Row {
  engine_id: string;
  failed_at_cycle: number;
  cycle: number | null;
  settings: number[] | null;
  sensors: number[] | null;
}

/** Engines that ran to failure become training data: the RUL label of cycle c is failedAt - c. */
export class RunToFailureRepository {
  constructor(private readonly db: Database) {}

  /**
   * Every failed engine's trajectory; with `model`, only the engines judged by it (assigned to it, or
   * last predicted by it; engines no named model has judged yet count for every model), or every
   * failed engine when no engine is judged by it yet (its first version), as the trainer's fleet
   * data query selects them.
   */
  async list(model?: string | null): Promise<RunToFailure[]> {
    const res = await this.db.query<Row>(
      `SELECT e.id AS engine_id, e.failed_at_cycle, t.cycle, t.settings, t.sensors
       FROM engines e
       LEFT JOIN telemetry t ON t.engine_id = e.id AND t.cycle <= e.failed_at_cycle
       WHERE e.failed_at_cycle IS NOT NULL
         AND ($1::text IS NULL
              OR coalesce(e.model_name, e.prediction_model, $1::text) = $1::text
              OR NOT EXISTS (SELECT 1 FROM engines j
                             WHERE coalesce(j.model_name, j.prediction_model) = $1::text))
       ORDER BY e.id, t.cycle`,
      [model ?? null],
    );
    const out: RunToFailure[] = [];
    for (const r of res.rows) {
      let current = out[out.length - 1];
      if (current?.engineId !== r.engine_id) {
        current = { engineId: r.engine_id, failedAtCycle: r.failed_at_cycle, cycles: [] };
        out.push(current);
      }
      if (r.cycle !== null && r.settings && r.sensors) {
        current.cycles.push({ cycle: r.cycle, settings: r.settings, sensors: r.sensors });
      }
    }
    return out;
  }
}
