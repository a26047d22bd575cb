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

/** Reads `{"v":[<texts>]}` with numbers(), as the body readers read settings and sensors. */
function readAll(texts: string[]): Float32Array | undefined {
  try {
    const r = new JsonBytes(Buffer.from(`{"v":[${texts.join(', ')}]}`));
    r.expect(0x7b);
    r.key([Uint8Array.from([0x76])]);
    const out = new Float32Array(texts.length + 2).fill(7);
    r.numbers(out, 1, texts.length);
    r.expect(0x7d);
    r.end();
    expect([out[0], out[texts.length + 1]]).toEqual([7, 7]); // nothing written outside its slots
    return out.subarray(1, texts.length + 1);
  } catch (err) {
    if (err === DECLINED) return undefined;
    throw err;
  }
}

/** Short decimals like sensor readings (the inline path of numbers()) and anything else JSON allows. */
const shortDecimal = fc
  .tuple(
    fc.boolean(),
    fc.oneof(fc.constant('0'), fc.stringMatching(/^[1-9][0-9]{0,9}$/)),
    fc.option(fc.stringMatching(/^[0-9]{1,10}$/)),
  )
  .map(([neg, int, frac]) => `${neg ? '-' : ''}${int}${frac === null ? '' : `.${frac}`}`);

describe('JsonBytes numbers', () => {
  it('numbers() stores exactly what JSON.parse gives, rounded to float32, for short and long texts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(shortDecimal, jsonNumber), { minLength: 1, maxLength: 24 }), (texts) => {
        const expected = texts.map((t) => Math.fround(JSON.parse(t) as number));
        const got = readAll(texts);
        if (expected.every(Number.isFinite)) {
          expect(got).toBeDefined();
          (got as Float32Array).forEach((v, i) => expect(Object.is(v, expected[i])).toBe(true));
        } else expect(got).toBeUndefined(); // beyond the float32 range: the ordinary path reports it
      }),
      { numRuns: 3000 },
    );
  });

  it.each(['01', '-', '1.', '.5', '1e', '1.e5', '-01.5', '00', '1.5.5', '+1', '0x10', '1 2'])(
    'numbers() gives up on %s, which is not a JSON number',
    (text) => {
      expect(() => JSON.parse(`[${text}]`)).toThrow();
      expect(readAll([text, '1.5'])).toBeUndefined();
      expect(readAll(['1.5', text])).toBeUndefined();
    },
  );

  it('numbers() gives up on magnitudes a float32 cannot hold, and keeps the largest it can', () => {
    expect(readAll(['1.5', '3.5e38'])).toBeUndefined();
    expect(readAll(['-1e39', '1.5'])).toBeUndefined();
    expect(Array.from(readAll(['3.4028234663852886e38', '-3.4e38']) as Float32Array)).toEqual([
      Math.fround(3.4028234663852886e38),
      Math.fround(-3.4e38),
    ]);
  });

  it('numbers() keeps -0 and reads 9-digit and longer mantissas exactly', () => {
    const texts = ['-0', '-0.0', '999999999', '0.123456789', '1234567891', '98765.43219', '-0.000000001'];
    const got = readAll(texts) as Float32Array;
    texts.forEach((t, i) => expect(Object.is(got[i], Math.fround(JSON.parse(t) as number))).toBe(true));
  });

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
