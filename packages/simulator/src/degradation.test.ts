// Real generator, real C-MAPSS text formatting; nothing faked.
import { describe, expect, it } from 'vitest';
import { toCmapssText, toRulText } from './cmapss-text.js';
import { generateFleet } from './degradation.js';
import { LIFE, SENSOR_PROFILES } from './sensor-profile.js';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('generateFleet', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const a = generateFleet({ engines: 3, seed: 42 });
    const b = generateFleet({ engines: 3, seed: 42 });
    const c = generateFleet({ engines: 3, seed: 43 });
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('runs each engine from cycle 1 to its failure within the observed life range', () => {
    for (const engine of generateFleet({ engines: 25, seed: 1 })) {
      expect(engine.life).toBeGreaterThanOrEqual(LIFE.min);
      expect(engine.life).toBeLessThanOrEqual(LIFE.max);
      expect(engine.cycles).toHaveLength(engine.life);
      expect(engine.cycles.map((c) => c.cycle)).toEqual(Array.from({ length: engine.life }, (_, i) => i + 1));
      expect(engine.rul).toBe(0);
      for (const c of engine.cycles) {
        expect(c.settings).toHaveLength(3);
        expect(c.sensors).toHaveLength(21);
        expect(c.sensors.every(Number.isFinite)).toBe(true);
      }
    }
  });

  it('moves every degrading sensor from its healthy level towards its failure level', () => {
    const fleet = generateFleet({ engines: 30, seed: 7 });
    SENSOR_PROFILES.forEach((p, i) => {
      const early = mean(fleet.flatMap((e) => e.cycles.slice(0, 20).map((c) => c.sensors[i] ?? NaN)));
      const late = mean(fleet.flatMap((e) => e.cycles.slice(-3).map((c) => c.sensors[i] ?? NaN)));
      const span = p.atFailure - p.healthy;
      if (Math.abs(span) <= p.noise) {
        // Constant or drowned in noise in the real data too: only check it stays put.
        expect(Math.abs(late - early)).toBeLessThan(p.noise + 1e-9);
      } else {
        // Near the failure level at the end, near the healthy level at the start.
        expect(Math.abs(late - p.atFailure)).toBeLessThan(Math.abs(span) * 0.25);
        expect(Math.abs(early - p.healthy)).toBeLessThan(Math.abs(span) * 0.25);
      }
    });
  });

  it('truncates like a test set: at least 31 cycles kept and the truth recorded', () => {
    for (const engine of generateFleet({ engines: 40, seed: 3, truncate: true })) {
      expect(engine.cycles.length).toBeGreaterThanOrEqual(31);
      expect(engine.rul).toBeGreaterThanOrEqual(1);
      expect(engine.rul).toBeLessThanOrEqual(145);
      expect(engine.cycles.length + engine.rul).toBe(engine.life);
    }
  });
});

describe('C-MAPSS text', () => {
  it('writes 26 columns per line with NASA-style trailing spaces and numbered units', () => {
    const fleet = generateFleet({ engines: 2, seed: 5, truncate: true, unitName: (i) => `ENG-${i}` });
    const lines = toCmapssText(fleet).split('\n').slice(0, -1);
    expect(lines).toHaveLength(fleet[0]!.cycles.length + fleet[1]!.cycles.length);
    for (const line of lines) {
      expect(line.endsWith('  ')).toBe(true);
      expect(line.trim().split(' ')).toHaveLength(26);
    }
    expect(lines[0]!.startsWith('1 1 ')).toBe(true);
    expect(lines.at(-1)!.startsWith('2 ')).toBe(true);
    expect(toRulText(fleet).trim().split('\n').map(Number)).toEqual(fleet.map((e) => e.rul));
  });
});
