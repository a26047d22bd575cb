/**
 * Deterministic FD001-like histories for tests, demos and load generation, so nothing outside the
 * repository needs the NASA files. The values drift the way a degrading engine's do (temperatures up,
 * pressure ratio down), but they are not a physical simulation.
 */
import type { Cycle, UnitHistory } from './types.js';

// Sea-level baseline for the 3 settings and 21 sensors, and the per-cycle drift near end of life.
const BASE = [
  0, 0, 100, 518.67, 642.5, 1590, 1408, 14.62, 21.61, 553.4, 2388.1, 9065, 1.3, 47.5, 521.4, 2388.1, 8140,
  8.44, 0.03, 392, 2388, 100, 38.8, 23.3,
];
const DRIFT = [
  0, 0, 0, 0, 0.006, 0.05, 0.09, 0, 0, -0.006, 0.0008, 0.06, 0, 0.003, -0.005, 0.0008, 0.05, 0.0003, 0, 0.02,
  0, 0, -0.002, -0.0012,
];
const NOISE = [
  0.002, 0.0003, 0, 0, 0.5, 5, 8, 0, 0.001, 0.9, 0.07, 22, 0, 0.27, 0.7, 0.07, 19, 0.04, 0, 1.5, 0, 0, 0.18,
  0.11,
];

/** Small seeded PRNG (mulberry32) so generated data is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// `+ 0` turns -0 into 0 so generated rows survive a text round trip unchanged.
const round = (v: number, digits: number): number => Number(v.toFixed(digits)) + 0;

/** `length` cycles of one unit starting at cycle `start`, ending `life - length` cycles before failure. */
export function syntheticHistory(length: number, seed = 1, start = 1, life = length + 50): Cycle[] {
  const rand = seededRandom(seed);
  const gauss = (): number => (rand() + rand() + rand() - 1.5) * 2;
  const cycles: Cycle[] = [];
  for (let i = 0; i < length; i++) {
    const cycle = start + i;
    const wear = Math.exp(Math.max(0, cycle - (life - 120)) / 40) - 1;
    const row = BASE.map((b, c) => round(b + (DRIFT[c] ?? 0) * wear * 10 + (NOISE[c] ?? 0) * gauss(), 4));
    cycles.push({ cycle, settings: row.slice(0, 3), sensors: row.slice(3) });
  }
  return cycles;
}

/** Several units with different lengths, like a C-MAPSS test file. */
export function syntheticFleet(units: number, minLength = 31, maxLength = 200, seed = 42): UnitHistory[] {
  const rand = seededRandom(seed);
  return Array.from({ length: units }, (_, i) => {
    const length = minLength + Math.floor(rand() * (maxLength - minLength + 1));
    return { unit: String(i + 1), cycles: syntheticHistory(length, seed + i + 1) };
  });
}
