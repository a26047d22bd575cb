// Pure functions; nothing faked.
import { describe, expect, it } from 'vitest';
import { bandLabel, bandStatus, bandStatuses } from './rul-bands';

const thresholds = { warning: 50, critical: 20 };
const statuses = (from: number, to: number | null) =>
  bandStatuses({ from, to }, thresholds).map((s) => s.status);

describe('RUL bands against the status thresholds', () => {
  it('names a closed band by its edges and the open last band by its start', () => {
    expect(bandLabel({ from: 0, to: 25 })).toBe('0–25');
    expect(bandLabel({ from: 125, to: null })).toBe('125 or more');
  });

  it('lists every status a band covers, worst first', () => {
    expect(statuses(0, 25)).toEqual(['critical', 'warning']);
    expect(statuses(25, 50)).toEqual(['warning']);
    // RUL exactly 50 is warning, but a range of width zero is no share of the band.
    expect(statuses(50, 75)).toEqual(['healthy']);
    expect(statuses(0, null)).toEqual(['critical', 'warning', 'healthy']);
  });

  it('colours a band by the status covering most of it, the worse one on a tie', () => {
    expect(bandStatus({ from: 0, to: 25 }, thresholds)).toBe('critical');
    expect(bandStatus({ from: 10, to: 30 }, thresholds)).toBe('critical');
    expect(bandStatus({ from: 15, to: 30 }, thresholds)).toBe('warning');
    expect(bandStatus({ from: 40, to: 60 }, thresholds)).toBe('warning');
    expect(bandStatus({ from: 125, to: null }, thresholds)).toBe('healthy');
    expect(bandStatus({ from: 20, to: 20 }, thresholds)).toBe('critical');
  });
});
