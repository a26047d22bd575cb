import { TelemetryConflictError, ValidationError } from './errors.js';

export const SETTINGS_COUNT = 3;
export const SENSORS_COUNT = 21;
/** Settings then sensors, the channel order of the model input. */
export const CHANNEL_COUNT = SETTINGS_COUNT + SENSORS_COUNT;
const MAX_CYCLE = 2_147_483_647;

export interface CycleReading {
  cycle: number;
  /** The 3 operational settings, C-MAPSS column order. */
  settings: number[];
  /** The 21 sensors, C-MAPSS column order. */
  sensors: number[];
}

export function validateEngineId(engineId: string): void {
  if (typeof engineId !== 'string' || engineId.length < 1 || engineId.length > 128) {
    throw new ValidationError('engineId must be a string of 1 to 128 characters', { field: 'engineId' });
  }
}

function checkNumbers(values: unknown, length: number, field: string, cycle: number): void {
  if (!Array.isArray(values) || values.length !== length) {
    throw new ValidationError(`cycle ${cycle}: ${field} must hold exactly ${length} numbers`, {
      cycle,
      field,
    });
  }
  values.forEach((v, i) => {
    // JSON (our transport to SQL) cannot carry NaN or Infinity, and neither belongs in a reading.
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new ValidationError(`cycle ${cycle}: ${field}[${i}] must be a finite number`, {
        cycle,
        field: `${field}[${i}]`,
      });
    }
  });
}

function sameValues(a: CycleReading, b: CycleReading): boolean {
  return a.settings.every((v, i) => v === b.settings[i]) && a.sensors.every((v, i) => v === b.sensors[i]);
}

export interface PreparedBatch {
  /** One reading per cycle, ascending: inserting in a fixed order keeps concurrent writers deadlock-free. */
  readings: CycleReading[];
  /** Repeats of a cycle inside the same request with identical values. */
  inRequestDuplicates: number;
}

/** Validates a request and folds cycles repeated within it, rejecting contradictory repeats. */
export function prepareBatch(engineId: string, cycles: readonly CycleReading[]): PreparedBatch {
  validateEngineId(engineId);
  if (!Array.isArray(cycles) || cycles.length === 0) {
    throw new ValidationError('at least one cycle is required', { field: 'cycles' });
  }
  const byCycle = new Map<number, CycleReading>();
  const contradictions = new Set<number>();
  let inRequestDuplicates = 0;
  for (const c of cycles) {
    if (!Number.isInteger(c.cycle) || c.cycle < 1 || c.cycle > MAX_CYCLE) {
      throw new ValidationError(`cycle must be a positive integer, got ${String(c.cycle)}`, {
        field: 'cycle',
      });
    }
    checkNumbers(c.settings, SETTINGS_COUNT, 'settings', c.cycle);
    checkNumbers(c.sensors, SENSORS_COUNT, 'sensors', c.cycle);
    const seen = byCycle.get(c.cycle);
    if (!seen) {
      byCycle.set(c.cycle, { cycle: c.cycle, settings: [...c.settings], sensors: [...c.sensors] });
    } else if (sameValues(seen, c)) {
      inRequestDuplicates += 1;
    } else {
      contradictions.add(c.cycle);
    }
  }
  if (contradictions.size > 0) {
    throw new TelemetryConflictError(
      engineId,
      [...contradictions].sort((a, b) => a - b),
    );
  }
  const readings = [...byCycle.values()].sort((a, b) => a.cycle - b.cycle);
  return { readings, inRequestDuplicates };
}
