// Real: the validation code only. Faked: nothing (no database involved).
import { describe, expect, it } from 'vitest';
import { TelemetryConflictError, ValidationError } from './errors.js';
import { prepareBatch, type CycleReading } from './telemetry-input.js';

const r = (cycle: number, v = 1): CycleReading => ({
  cycle,
  settings: [v, v, v],
  sensors: Array.from({ length: 21 }, () => v),
});

describe('prepareBatch', () => {
  it('sorts by cycle and folds identical repeats', () => {
    const out = prepareBatch('E', [r(3), r(1), r(3), r(2)]);
    expect(out.readings.map((x) => x.cycle)).toEqual([1, 2, 3]);
    expect(out.inRequestDuplicates).toBe(1);
  });

  it('lists every cycle repeated with different values', () => {
    const err = (() => {
      try {
        prepareBatch('E', [r(5), r(2), r(5, 2), r(2, 3)]);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(TelemetryConflictError);
    expect((err as TelemetryConflictError).cycles).toEqual([2, 5]);
  });

  it.each([
    ['a zero cycle', { ...r(1), cycle: 0 }, /positive integer/],
    ['a fractional cycle', { ...r(1), cycle: 1.5 }, /positive integer/],
    ['two settings', { ...r(1), settings: [1, 2] }, /settings must hold exactly 3/],
    ['22 sensors', { ...r(1), sensors: Array.from({ length: 22 }, () => 1) }, /sensors must hold exactly 21/],
    ['Infinity', { ...r(1), settings: [1, Infinity, 1] }, /settings\[1\] must be a finite number/],
    ['a string', { ...r(1), sensors: [...r(1).sensors.slice(1), '7' as unknown as number] }, /sensors\[20\]/],
  ])('rejects %s, naming the field', (_name, reading, message) => {
    expect(() => prepareBatch('E', [reading])).toThrow(ValidationError);
    expect(() => prepareBatch('E', [reading])).toThrow(message);
  });

  it('rejects empty batches and bad engine ids', () => {
    expect(() => prepareBatch('E', [])).toThrow(ValidationError);
    expect(() => prepareBatch('x'.repeat(129), [r(1)])).toThrow(/engineId/);
  });
});
