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
   * Per-channel statistics over the `lastN` most recently received cycles fleet-wide, computed in
   * SQL so only 24 rows leave the database. Compared against the model card's training statistics.
   */
  async recentChannelStats(lastN: number): Promise<ChannelStats[]> {
    if (!Number.isInteger(lastN) || lastN < 1) {
      throw new ValidationError('lastN must be a positive integer', { field: 'lastN' });
    }
    const res = await this.db.query<ChannelStats>(
      `WITH recent AS (
         SELECT settings || sensors AS ch FROM telemetry
         ORDER BY received_at DESC, engine_id, cycle DESC LIMIT $1
       )
       SELECT c.i - 1 AS channel, count(r.ch)::int AS count, avg(r.ch[c.i]) AS mean,
              stddev_samp(r.ch[c.i]) AS std, min(r.ch[c.i]) AS min, max(r.ch[c.i]) AS max
       FROM generate_series(1, $2::int) AS c(i) LEFT JOIN recent r ON true
       GROUP BY c.i ORDER BY c.i`,
      [lastN, CHANNEL_COUNT],
    );
    return res.rows;
  }
}
