import { Random } from './random.js';
import { LIFE, SENSOR_PROFILES, SETTING_PROFILES } from './sensor-profile.js';

export interface Cycle {
  cycle: number;
  settings: number[];
  sensors: number[];
}

export interface GeneratedEngine {
  unit: string;
  /** Cycle at which this engine fails (its full run-to-failure length). */
  life: number;
  /** Readings from cycle 1; the whole life unless the engine was truncated. */
  cycles: Cycle[];
  /** True remaining cycles after the last reading (0 for a full run to failure). */
  rul: number;
}

export interface EngineOptions {
  unit: string;
  /** Fixed life in cycles; drawn from the FD001-like life distribution when absent. */
  life?: number;
}

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  // `+ 0` turns -0 into 0 so rows survive a text round trip unchanged.
  return Math.round(value * f) / f + 0;
};

/** What an engine draws before its first reading: its life, wear, wear growth and sensor offsets. */
export interface EngineParameters {
  life: number;
  initialWear: number;
  growth: number;
  offsets: number[];
}

/** Draws taken per reading: three settings and 21 sensors, one normal draw each. */
export const DRAWS_PER_CYCLE = SETTING_PROFILES.length + SENSOR_PROFILES.length;

export function drawEngineParameters(rng: Random, life?: number): EngineParameters {
  return {
    life: life ?? Math.round(Math.min(LIFE.max, Math.max(LIFE.min, rng.normal(LIFE.mean, LIFE.sd)))),
    initialWear: rng.uniform(0, 0.1),
    growth: rng.uniform(3.5, 6),
    offsets: SENSOR_PROFILES.map((p) => rng.normal(0, p.noise * 0.5)),
  };
}

/**
 * An engine's readings from cycle 1 to failure, drawn one at a time from `rng` (which must be where
 * drawEngineParameters left it): a fleet of thousands can be streamed without holding its history.
 */
export function* engineCycles(rng: Random, engine: EngineParameters): Generator<Cycle, void, undefined> {
  const { life, initialWear, growth, offsets } = engine;
  const expGrowth = Math.expm1(growth);
  for (let t = 1; t <= life; t++) {
    const damage = initialWear + (1 - initialWear) * (Math.expm1((growth * t) / life) / expGrowth);
    const settings = SETTING_PROFILES.map((s) => round(rng.normal(s.nominal, s.noise), 4));
    const sensors = SENSOR_PROFILES.map((p, i) => {
      const value =
        p.healthy + (p.atFailure - p.healthy) * damage + (offsets[i] ?? 0) + rng.normal(0, p.noise);
      return p.integer ? Math.round(value) : round(value, 4);
    });
    yield { cycle: t, settings, sensors };
  }
}

/**
 * One engine run to failure. Damage grows exponentially with use (the shape used by the C-MAPSS
 * authors' damage-propagation model), starting from an unknown initial wear, and every sensor moves
 * from its healthy level towards its failure level in proportion to the damage, plus an engine-specific
 * offset (manufacturing variation) and measurement noise.
 */
export function generateEngine(rng: Random, options: EngineOptions): GeneratedEngine {
  const parameters = drawEngineParameters(rng, options.life);
  return { unit: options.unit, life: parameters.life, cycles: [...engineCycles(rng, parameters)], rul: 0 };
}

export interface TruncateOptions {
  /** Shortest history kept (the official test sets keep at least 31 cycles). */
  minHistory?: number;
  /** Largest remaining life to leave (the official FD001 test set tops out near 145). */
  maxRul?: number;
}

/** Cut an engine's history some cycles before failure, the way the official test sets are made. */
export function truncateEngine(
  rng: Random,
  engine: GeneratedEngine,
  options: TruncateOptions = {},
): GeneratedEngine {
  const minHistory = Math.min(options.minHistory ?? 31, engine.life - 1);
  const maxRul = Math.min(options.maxRul ?? 145, engine.life - minHistory);
  const rul = Math.max(1, Math.round(rng.uniform(1, maxRul)));
  return { ...engine, cycles: engine.cycles.slice(0, engine.life - rul), rul };
}

export interface FleetOptions {
  engines: number;
  seed: number;
  /** Cut each history before failure (test-set style) instead of running it to failure. */
  truncate?: boolean | TruncateOptions;
  /** Unit names; defaults to 1, 2, 3… so the output is valid C-MAPSS text. */
  unitName?: (index: number) => string;
}

export function generateFleet(options: FleetOptions): GeneratedEngine[] {
  const rng = new Random(options.seed);
  const name = options.unitName ?? ((i: number) => String(i + 1));
  const fleet: GeneratedEngine[] = [];
  for (let i = 0; i < options.engines; i++) {
    const engine = generateEngine(rng, { unit: name(i) });
    if (!options.truncate) fleet.push(engine);
    else fleet.push(truncateEngine(rng, engine, options.truncate === true ? {} : options.truncate));
  }
  return fleet;
}
