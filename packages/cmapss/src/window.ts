/**
 * Turns a history into the model's fixed-size input window, as the contract in docs/architecture.md
 * says: a longer history keeps its last `window` rows; a shorter one is padded at the front by
 * repeating its first row.
 */
import { CHANNEL_COUNT, SETTING_COUNT } from './constants.js';
import type { Cycle } from './types.js';

export interface WindowInfo {
  /** Rows added by padding (0 when the history was long enough). */
  padded: number;
  /** Rows dropped from the front of a longer history. */
  dropped: number;
}

/** Writes `window * 24` floats into `out` starting at `offset` (row-major, oldest first). */
export function writeWindow(
  cycles: readonly Cycle[],
  window: number,
  out: Float32Array,
  offset = 0,
): WindowInfo {
  if (cycles.length === 0) throw new RangeError('cannot build a window from an empty history');
  const used = cycles.slice(-window);
  const padded = window - used.length;
  for (let r = 0; r < window; r++) {
    const row = used[Math.max(0, r - padded)] as Cycle;
    const base = offset + r * CHANNEL_COUNT;
    for (let s = 0; s < SETTING_COUNT; s++) out[base + s] = row.settings[s] as number;
    for (let s = 0; s < CHANNEL_COUNT - SETTING_COUNT; s++) {
      out[base + SETTING_COUNT + s] = row.sensors[s] as number;
    }
  }
  return { padded, dropped: Math.max(0, cycles.length - window) };
}

export function toWindow(cycles: readonly Cycle[], window: number): { data: Float32Array } & WindowInfo {
  const data = new Float32Array(window * CHANNEL_COUNT);
  return { data, ...writeWindow(cycles, window, data) };
}
