/** Model inputs made from a card's golden examples, for tests that run the real model. */
import { CHANNEL_COUNT, SETTING_COUNT } from '@rul/cmapss';

/**
 * `count` windows laid out back to back, each a golden input whose sensors (not settings) are scaled
 * by a small factor that depends on `seed` and the window's index, so neighbouring rows differ.
 */
export function goldenWindows(golden: number[][][], count: number, seed = 0): Float32Array {
  const size = (golden[0]?.length ?? 0) * CHANNEL_COUNT;
  const data = new Float32Array(count * size);
  for (let i = 0; i < count; i++) {
    const base = golden[(seed + i) % golden.length] as number[][];
    const factor = 1 + 0.001 * ((seed * 7 + i) % 5);
    data.set(
      base.flat().map((v, j) => (j % CHANNEL_COUNT >= SETTING_COUNT ? v * factor : v)),
      i * size,
    );
  }
  return data;
}
