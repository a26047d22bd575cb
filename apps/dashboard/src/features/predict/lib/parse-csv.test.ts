// Pure unit test of the CSV → engines conversion: no network, no DOM.
import { describe, expect, it } from 'vitest';
import { CSV_HEADER, looksLikeCsv, parseCsv } from './parse-csv';

const row = (unit: string | number, cycle: number, sensorBase = 500) =>
  [unit, cycle, 0.001, -0.0002, 100, ...Array.from({ length: 21 }, (_, i) => sensorBase + i)].join(',');

describe('parseCsv', () => {
  it('groups rows by unit in order of appearance and keeps each row’s line', () => {
    const text = [CSV_HEADER, row(7, 1), row(7, 2), row(3, 1), '', row(7, 3)].join('\n');
    const result = parseCsv(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.engines.map((e) => e.unit)).toEqual(['7', '3']);
    expect(result.engines[0]?.cycles.map((c) => c.cycle)).toEqual([1, 2, 3]);
    expect(result.engines[0]?.lines).toEqual([2, 3, 6]);
    expect(result.engines[0]?.cycles[0]?.settings).toEqual([0.001, -0.0002, 100]);
    expect(result.engines[0]?.cycles[0]?.sensors).toHaveLength(21);
  });

  it('accepts reordered columns and header spelling variants', () => {
    const header = [
      'cycle',
      'Unit',
      'setting_1',
      'Setting_2',
      'setting3',
      ...Array.from({ length: 21 }, (_, i) => `sensor_${i + 1}`),
    ];
    const result = parseCsv(`${header.join(',')}\n2,A,0,0,100,${Array(21).fill(1).join(',')}\r\n`);
    expect(result.ok && result.engines[0]).toMatchObject({ unit: 'A', cycles: [{ cycle: 2 }] });
  });

  it('names the line and field of a bad value', () => {
    const bad = row(1, 2).split(',');
    bad[12] = 'abc';
    const result = parseCsv([CSV_HEADER, row(1, 1), bad.join(',')].join('\n'));
    expect(result).toEqual({
      ok: false,
      issues: [{ line: 3, column: 13, field: 's8', message: 's8 is not a finite number: “abc”.' }],
    });
  });

  it('reports missing header columns and short rows', () => {
    const missing = parseCsv('unit,cycle,setting1\n1,1,0');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.issues[0]?.message).toMatch(/missing setting2, setting3, s1/);

    const short = parseCsv(`${CSV_HEADER}\n1,1,0,0`);
    expect(short).toEqual({ ok: false, issues: [{ line: 2, message: 'Expected 26 values, found 4.' }] });
  });

  it('rejects empty input and a header without rows', () => {
    expect(parseCsv('  \n').ok).toBe(false);
    expect(parseCsv(CSV_HEADER)).toMatchObject({
      ok: false,
      issues: [{ message: 'The CSV has a header but no rows.' }],
    });
  });
});

describe('looksLikeCsv', () => {
  it('tells CSV from whitespace-separated C-MAPSS text by the first non-empty line', () => {
    expect(looksLikeCsv(`\n${CSV_HEADER}`)).toBe(true);
    expect(looksLikeCsv('1 1 -0.0007 -0.0004 100.0 518.67')).toBe(false);
  });
});
