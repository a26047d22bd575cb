// Real validator on generated JSON; nothing is faked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticHistory } from './synthetic.js';
import { checkCycleOrder, validateHistory } from './validate-history.js';

describe('validateHistory', () => {
  it('accepts a generated history', () => {
    expect(validateHistory(syntheticHistory(10)).ok).toBe(true);
  });

  it('names the cycle index and field for a wrong sensor count', () => {
    const h = syntheticHistory(5);
    h[3]!.sensors.pop();
    expect(validateHistory(h)).toMatchObject({
      ok: false,
      issues: [
        { code: 'WRONG_LENGTH', path: 'cycles[3].sensors', message: expect.stringContaining('20 values') },
      ],
    });
  });

  it('names the cycle that breaks the ordering', () => {
    const h = syntheticHistory(5);
    h[2]!.cycle = 1;
    expect(validateHistory(h, 'engines[1].cycles')).toMatchObject({
      ok: false,
      issues: [{ code: 'NOT_INCREASING', path: 'engines[1].cycles[2].cycle' }],
    });
  });

  it('flags non-finite and non-numeric readings', () => {
    const h = syntheticHistory(2) as unknown as { settings: unknown[] }[];
    h[1]!.settings[0] = Number.NaN;
    h[0]!.settings[2] = 'x';
    const res = validateHistory(h);
    expect(res.ok).toBe(false);
    if (!res.ok)
      expect(res.issues.map((i) => i.path)).toEqual(['cycles[0].settings[2]', 'cycles[1].settings[0]']);
  });

  it('flags readings beyond the float32 range and keeps the largest one it holds', () => {
    const h = syntheticHistory(3) as unknown as { sensors: number[] }[];
    h[2]!.sensors[4] = -1e39;
    h[1]!.sensors[0] = 3.4028234663852886e38;
    const res = validateHistory(h);
    expect(res).toMatchObject({ ok: false, issues: [{ code: 'NON_FINITE', path: 'cycles[2].sensors[4]' }] });
    if (!res.ok) {
      expect(res.issues).toHaveLength(1);
      expect(res.issues[0]?.message).toMatch(/float32 range/);
    }
  });

  it('rejects an empty history and non-arrays', () => {
    expect(validateHistory([])).toMatchObject({ ok: false, issues: [{ code: 'EMPTY_HISTORY' }] });
    expect(validateHistory({})).toMatchObject({ ok: false, issues: [{ code: 'INVALID_TYPE' }] });
  });

  it('never throws and always explains a rejection', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const res = validateHistory(value);
        if (!res.ok) expect(res.issues[0]?.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checkCycleOrder', () => {
  it('finds the first cycle that does not increase', () => {
    const h = syntheticHistory(4);
    expect(checkCycleOrder(h).ok).toBe(true);
    h[3]!.cycle = 3;
    expect(checkCycleOrder(h, 'x')).toMatchObject({
      ok: false,
      issues: [{ code: 'NOT_INCREASING', path: 'x[3].cycle' }],
    });
    expect(checkCycleOrder([])).toMatchObject({ ok: false, issues: [{ code: 'EMPTY_HISTORY' }] });
  });
});
