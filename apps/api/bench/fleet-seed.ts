/**
 * Seeds the bulk of the fleet bench's stored cycles with SQL (generate_series), in the row shape the
 * API writes: 3 settings and 21 sensors as double precision arrays, sensors drifting from their
 * healthy level towards their failure level over each engine's history, with measurement noise,
 * rounded to 4 decimals like real telemetry. Far faster than HTTP for millions of rows; the API then
 * predicts each engine from these readings (fleet.ts sends each one more cycle).
 */
import type { Database } from '@rul/db';
import { SENSOR_PROFILES, SETTING_PROFILES } from '@rul/simulator';

export const engineId = (prefix: string, i: number) => `${prefix}${String(i).padStart(5, '0')}`;

/** A double rounded to 4 decimals the way the simulator rounds (float round, no numeric cast). */
const rounded = (expr: string) => `round((${expr}) * 10000) / 10000`;
const noise = (sd: number) => (sd > 0 ? ` + ${sd} * (random() + random() + random() - 1.5) * 2` : '');

// `d` is the damage at the row's cycle: wear growing with the cube of the share of life used. Each
// engine's life is its history stretched by 1 to 2.5 (spread by its number), so at its last stored
// cycle one engine is at failure and another early in life, and the fleet fills every RUL band.
const SETTINGS = SETTING_PROFILES.map((s) => rounded(`${s.nominal}${noise(s.noise)}`)).join(', ');
const SENSORS = SENSOR_PROFILES.map((p) => {
  const value = `${p.healthy} + ${p.atFailure - p.healthy} * d${noise(p.noise)}`;
  return p.integer ? `round(${value})` : rounded(value);
}).join(', ');

export interface SeedOptions {
  prefix: string;
  /** Engine numbers first..first+count-1. */
  first: number;
  count: number;
  cyclesPerEngine: number;
  /** Engines per INSERT statement (one transaction each). */
  chunk?: number;
  onProgress?: (rows: number) => void;
}

/** Creates `count` engines with `cyclesPerEngine` stored cycles each; returns the rows written. */
export async function seedFleet(db: Database, o: SeedOptions): Promise<number> {
  const last = o.first + o.count - 1;
  await db.query(
    `INSERT INTO engines (id, last_cycle)
     SELECT $1 || lpad(i::text, 5, '0'), $2 FROM generate_series($3::int, $4::int) i`,
    [o.prefix, o.cyclesPerEngine, o.first, last],
  );
  const chunk = o.chunk ?? Math.max(1, Math.floor(200_000 / o.cyclesPerEngine));
  let rows = 0;
  for (let from = o.first; from <= last; from += chunk) {
    const to = Math.min(last, from + chunk - 1);
    const result = await db.query(
      `INSERT INTO telemetry (engine_id, cycle, settings, sensors)
       SELECT e.id, c.cycle, ARRAY[${SETTINGS}], ARRAY[${SENSORS}]
         FROM (SELECT $1 || lpad(i::text, 5, '0') AS id, (1 + (i * 37 % 100) / 66.0)::float8 AS stretch
                 FROM generate_series($2::int, $3::int) i) e
        CROSS JOIN LATERAL (
          SELECT cycle, power(cycle::float8 / ($4 * e.stretch), 3) AS d FROM generate_series(1, $4::int) cycle
        ) c`,
      [o.prefix, from, to, o.cyclesPerEngine],
    );
    rows += result.rowCount;
    o.onProgress?.(rows);
  }
  return rows;
}
