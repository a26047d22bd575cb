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

  async list(): Promise<RunToFailure[]> {
    const res = await this.db.query<Row>(
      `SELECT e.id AS engine_id, e.failed_at_cycle, t.cycle, t.settings, t.sensors
       FROM engines e
       LEFT JOIN telemetry t ON t.engine_id = e.id AND t.cycle <= e.failed_at_cycle
       WHERE e.failed_at_cycle IS NOT NULL
       ORDER BY e.id, t.cycle`,
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
