// Real windowing on generated histories; nothing is faked.
import { describe, expect, it } from 'vitest';
import { CHANNEL_COUNT } from './constants.js';
import { syntheticHistory } from './synthetic.js';
import { toWindow } from './window.js';

describe('toWindow', () => {
  it('pads a short history by repeating its first row at the front', () => {
    const h = syntheticHistory(3);
    const { data, padded, dropped } = toWindow(h, 5);
    expect([padded, dropped]).toEqual([2, 0]);
    const rowAt = (r: number) => Array.from(data.subarray(r * CHANNEL_COUNT, (r + 1) * CHANNEL_COUNT));
    const first = Array.from(new Float32Array([...h[0]!.settings, ...h[0]!.sensors]));
    expect(rowAt(0)).toEqual(first);
    expect(rowAt(1)).toEqual(first);
    expect(rowAt(2)).toEqual(first);
    expect(rowAt(4)).toEqual(Array.from(new Float32Array([...h[2]!.settings, ...h[2]!.sensors])));
  });

  it('keeps the last rows of a long history', () => {
    const h = syntheticHistory(8);
    const { data, padded, dropped } = toWindow(h, 5);
    expect([padded, dropped]).toEqual([0, 3]);
    expect(data[0]).toBe(Math.fround(h[3]!.settings[0]!));
  });

  it('refuses an empty history', () => {
    expect(() => toWindow([], 5)).toThrow(RangeError);
  });
});
