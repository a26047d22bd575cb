import type { CycleReading } from '../../src/telemetry-input.js';

/** A deterministic reading: the same (engine seed, cycle) always yields the same values. */
export function reading(cycle: number, seed = 1): CycleReading {
  return {
    cycle,
    settings: [0.0023 * seed, -0.0003 * cycle, 100],
    sensors: Array.from({ length: 21 }, (_, i) => 500 + i * 10 + seed * 0.25 + cycle * 0.001 + i / 7),
  };
}

export function readings(from: number, to: number, seed = 1): CycleReading[] {
  const out: CycleReading[] = [];
  for (let c = from; c <= to; c++) out.push(reading(c, seed));
  return out;
}
