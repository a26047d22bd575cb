// Pure unit test: the byte reader's numbers against JSON.parse on generated and hand-picked texts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DECLINED, JsonBytes } from './json-bytes.js';

/** Reads `{"v":[<text>]}` the way the body readers do; undefined when the reader gives up. */
function read(text: string): number | undefined {
  try {
    const r = new JsonBytes(Buffer.from(`{"v":[${text}]}`));
    r.expect(0x7b);
    r.key([Uint8Array.from([0x76])]);
    r.expect(0x5b);
    r.number();
    r.expect(0x5d);
    r.expect(0x7d);
    r.end();
    return r.value;
  } catch (err) {
    if (err === DECLINED) return undefined;
    throw err;
  }
}

const jsonNumber = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,24}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,24}$/)),
    fc.option(
      fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ max: 400, min: 0 })),
    ),
  )
  .map(
    ([neg, int, frac, exp]) =>
      `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}${exp === null ? '' : `${exp[0]}${exp[1]}${exp[2]}`}`,
  );

describe('JsonBytes numbers', () => {
  it('gives exactly the double JSON.parse gives, for every JSON number text', () => {
    fc.assert(
      fc.property(jsonNumber, (text) => {
        expect(Object.is(read(text), JSON.parse(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips every finite double as JSON.stringify writes it', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        const text = JSON.stringify(v);
        expect(Object.is(read(text), JSON.parse(text))).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it.each([
    '0',
    '-0',
    '-0.0',
    '0e999',
    '518.67',
    '-0.0007',
    '8.4195',
    '1E5',
    '1e-7',
    '1.5e+3',
    '123456789012345',
    '1234567890123456789',
    '0.1',
    '5e-324',
    '1.7976931348623157e308',
    '1e999',
    '-1e999',
    '9007199254740993',
    '2.2250738585072014e-308',
  ])('%s', (text) => {
    expect(Object.is(read(text), JSON.parse(text))).toBe(true);
  });

  it.each([
    '01',
    '-01',
    '1.',
    '.5',
    '+1',
    '-',
    '1e',
    '1e+',
    '--1',
    '0x10',
    'NaN',
    'Infinity',
    '1.2.3',
    '"1"',
  ])('gives up on %s, which JSON.parse rejects or is no number', (text) => {
    expect(read(text)).toBeUndefined();
  });
});
