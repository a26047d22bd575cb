import type { Database } from '../database.js';
import { ValidationError } from '../errors.js';
import { CHANNEL_COUNT } from '../telemetry-input.js';

export interface ChannelStats {
  /** 0-based channel index: 0..2 settings, 3..23 sensors (the model's input order). */
  channel: number;
  count: number;
  mean: number | null;
  /** Sample standard deviation; null with fewer than two readings. */
  std: number | null;
  min: number | null;
  max: number | null;
}

export class DriftRepository {
  constructor(private readonly db: Database) {}

  /**
   * Per-channel statistics over the `lastN` most recently received cycles fleet-wide, or with `model`
   * of the engines that model judges (assigned to it or last predicted by it; engines no named model
   * has judged yet count for every model), computed in SQL so only 24 rows leave the database.
   * Compared against that model card's training statistics.
   */
  async recentChannelStats(lastN: number, model?: string | null): Promise<ChannelStats[]> {
    if (!Number.isInteger(lastN) || lastN < 1) {
      throw new ValidationError('lastN must be a positive integer', { field: 'lastN' });
    }
    const res = await this.db.query<ChannelStats>(
      `WITH recent AS (
         SELECT t.settings || t.sensors AS ch FROM telemetry t JOIN engines e ON e.id = t.engine_id
         WHERE $3::text IS NULL OR coalesce(e.model_name, e.prediction_model, $3::text) = $3::text
         ORDER BY t.received_at DESC, t.engine_id, t.cycle DESC LIMIT $1
       )
       SELECT c.i - 1 AS channel, count(r.ch)::int AS count, avg(r.ch[c.i]) AS mean,
              stddev_samp(r.ch[c.i]) AS std, min(r.ch[c.i]) AS min, max(r.ch[c.i]) AS max
       FROM generate_series(1, $2::int) AS c(i) LEFT JOIN recent r ON true
       GROUP BY c.i ORDER BY c.i`,
      [lastN, CHANNEL_COUNT, model ?? null],
    );
    return res.rows;
  }
}
