/**
 * Per-sensor behaviour of a healthy and a failing turbofan at sea-level conditions, in raw C-MAPSS
 * units. The healthy level, the level reached at failure and the measurement noise are figures read
 * off NASA's public C-MAPSS FD001 training set (first 20% of each life vs. its last 2%), so generated
 * engines look like the real ones to the model and to the dashboards without shipping any of the data.
 */
export interface SensorProfile {
  name: string;
  healthy: number;
  atFailure: number;
  noise: number;
  /** Some channels are reported as whole numbers (bleed enthalpy, demanded fan speed). */
  integer?: boolean;
}

export const SENSOR_PROFILES: readonly SensorProfile[] = [
  { name: 'T2', healthy: 518.67, atFailure: 518.67, noise: 0 },
  { name: 'T24', healthy: 642.377, atFailure: 643.673, noise: 0.3 },
  { name: 'T30', healthy: 1586.846, atFailure: 1602.336, noise: 3.9 },
  { name: 'T50', healthy: 1402.66, atFailure: 1429.192, noise: 4.9 },
  { name: 'P2', healthy: 14.62, atFailure: 14.62, noise: 0 },
  { name: 'P15', healthy: 21.6095, atFailure: 21.61, noise: 0.0014 },
  { name: 'P30', healthy: 553.959, atFailure: 551.492, noise: 0.5 },
  { name: 'Nf', healthy: 2388.058, atFailure: 2388.231, noise: 0.045 },
  { name: 'Nc', healthy: 9056.215, atFailure: 9099.602, noise: 5.5 },
  { name: 'epr', healthy: 1.3, atFailure: 1.3, noise: 0 },
  { name: 'Ps30', healthy: 47.351, atFailure: 48.144, noise: 0.15 },
  { name: 'phi', healthy: 521.917, atFailure: 519.8, noise: 0.42 },
  { name: 'NRf', healthy: 2388.056, atFailure: 2388.233, noise: 0.045 },
  { name: 'NRc', healthy: 8137.537, atFailure: 8168.251, noise: 5.2 },
  { name: 'BPR', healthy: 8.4178, atFailure: 8.5212, noise: 0.022 },
  { name: 'farB', healthy: 0.03, atFailure: 0.03, noise: 0 },
  { name: 'htBleed', healthy: 392.252, atFailure: 396.254, noise: 0.95, integer: true },
  { name: 'Nf_dmd', healthy: 2388, atFailure: 2388, noise: 0, integer: true },
  { name: 'PCNfR_dmd', healthy: 100, atFailure: 100, noise: 0 },
  { name: 'W31', healthy: 38.934, atFailure: 38.446, noise: 0.11 },
  { name: 'W32', healthy: 23.361, atFailure: 23.068, noise: 0.066 },
];

/** Operational settings at sea level: two small jittering trims and the fixed throttle resolver angle. */
export const SETTING_PROFILES = [
  { name: 'setting1', nominal: 0, noise: 0.0022 },
  { name: 'setting2', nominal: 0, noise: 0.0003 },
  { name: 'setting3', nominal: 100, noise: 0 },
] as const;

/** Observed FD001 lives: mean 206 cycles, sd 46, range 128–362. */
export const LIFE = { mean: 206, sd: 46, min: 128, max: 362 } as const;
