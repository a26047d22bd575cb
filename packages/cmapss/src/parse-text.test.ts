// Real parser on generated text; nothing is faked.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCmapssText } from './format.js';
import { parseCmapssText } from './parse-text.js';
import { syntheticFleet } from './synthetic.js';

const row = (unit: number, cycle: number, fill = '1.5') =>
  [unit, cycle, ...Array.from({ length: 24 }, () => fill)].join(' ') + '  ';

describe('parseCmapssText', () => {
  it('round-trips a generated multi-unit file, keeping unit order', () => {
    const fleet = syntheticFleet(5, 3, 40);
    const parsed = parseCmapssText(formatCmapssText(fleet));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.map((u) => u.unit)).toEqual(['1', '2', '3', '4', '5']);
    expect(parsed.value[2]?.cycles).toEqual(fleet[2]?.cycles);
    expect(parsed.value[0]?.firstLine).toBe(1);
  });

  it('accepts CRLF, blank lines and trailing spaces', () => {
    const parsed = parseCmapssText(`\r\n${row(7, 1)}\r\n\r\n${row(7, 2)}   \r\n`);
    expect(parsed.ok && parsed.value[0]?.cycles.length).toBe(2);
  });

  it('reports a short line with its line and column', () => {
    const parsed = parseCmapssText(`${row(1, 1)}\n1 2 3 4`);
    expect(parsed).toMatchObject({ ok: false, issues: [{ code: 'MALFORMED_LINE', line: 2, column: 5 }] });
  });

  it.each([
    ['nan', 'NON_FINITE'],
    ['inf', 'NON_FINITE'],
    ['-Infinity', 'NON_FINITE'],
    ['1e39', 'NON_FINITE'],
    ['-3.5E38', 'NON_FINITE'],
    ['abc', 'MALFORMED_LINE'],
    ['0x10', 'MALFORMED_LINE'],
  ])('rejects %s with its column', (token, code) => {
    const tokens = row(1, 1).trim().split(' ');
    tokens[9] = token;
    const parsed = parseCmapssText(tokens.join(' '));
    expect(parsed).toMatchObject({ ok: false, issues: [{ code, line: 1, column: 10 }] });
  });

  it('rejects cycles that do not increase within a unit', () => {
    const parsed = parseCmapssText([row(1, 1), row(2, 1), row(1, 1)].join('\n'));
    expect(parsed).toMatchObject({ ok: false, issues: [{ code: 'NOT_INCREASING', line: 3, column: 2 }] });
  });

  it('rejects fractional unit ids and empty input', () => {
    expect(parseCmapssText(row(1, 1).replace(/^1 /, '1.5 '))).toMatchObject({ ok: false });
    expect(parseCmapssText('  \n\n')).toMatchObject({ ok: false, issues: [{ code: 'EMPTY_HISTORY' }] });
  });

  it('caps the number of units and issues', () => {
    const capped = parseCmapssText([row(1, 1), row(2, 1)].join('\n'), { maxUnits: 1 });
    expect(capped).toMatchObject({ ok: false, code: 'TOO_MANY_UNITS', issues: [{ code: 'MALFORMED_LINE' }] });
    expect(parseCmapssText('x', { maxUnits: 1 })).not.toHaveProperty('code');
    const garbage = Array.from({ length: 500 }, () => 'x').join('\n');
    const parsed = parseCmapssText(garbage, { maxIssues: 5 });
    expect(!parsed.ok && parsed.issues.length).toBe(5);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const parsed = parseCmapssText(text);
        if (!parsed.ok) expect(parsed.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});
