/**
 * A strict cursor over the raw bytes of a JSON body whose shape the caller knows in advance. It builds
 * no objects: the caller reads exactly the tokens it expects and stores numbers where they belong.
 *
 * It accepts only what JSON.parse accepts and returns the same numbers (the same doubles, not merely
 * close ones). Whatever it is not sure about — an escape or a non-ASCII byte in a string, an unexpected
 * token, a number it can't convert exactly without a string — makes it give up by throwing
 * `DECLINED`; the caller then parses the body the ordinary way, whose validation reports the exact
 * error. So giving up is always safe; accepting is only allowed when JSON.parse would agree.
 *
 * Longer than our usual files on purpose: one class, whose number conversion (`numbers`, `scan`) and
 * cursor share the same byte buffer and position in the hot loop of every large body. Split across
 * modules, they would pass both back and forth on every number; the length is the inline fast path,
 * not several jobs.
 */

import { isReading } from '@rul/cmapss';

/** Thrown (never as an Error: no stack to capture) when the fast path gives up. */
export const DECLINED: unique symbol = Symbol('declined');

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

// 10^0 … 10^22 are exact doubles; with at most 15 significant digits the mantissa is exact too, so one
// multiplication or division is correctly rounded: the same double JSON.parse produces (Clinger's fast
// path). Everything else is converted from its text.
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
  1e20, 1e21, 1e22,
];
const MAX_EXACT_DIGITS = 15;
const SMALL_DIGITS = 9;
// numbers()' inline path: 9 digits always fit an int32, and 10^9 is an exact double.
const FAST_DIGITS = 9;

/** JSON whitespace: space, tab, line feed, carriage return. */
const isSpace = (c: number | undefined): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export function decline(): never {
  throw DECLINED;
}

/** A JSON object key known in advance, as bytes (ASCII only). */
export const keyBytes = (key: string): Uint8Array => Uint8Array.from(key, (c) => c.charCodeAt(0));

/** `"key":` as bytes, for JsonBytes.tryKey. */
export const quotedKey = (key: string): Uint8Array => keyBytes(`"${key}":`);

export class JsonBytes {
  private i = 0;
  /**
   * The last number read. Kept in a field rather than returned: a double returned from a call that
   * isn't inlined is boxed, and a large body has thousands of them.
   */
  value = 0.5;

  constructor(private readonly b: Buffer) {
    // Bodies read this way are objects. Checking the last byte first means no scan below can run off
    // the end (each stops at that `}` at the latest), so the loops need no bounds checks of their own.
    let last = b.length - 1;
    while (last >= 0 && isSpace(b[last])) last--;
    if (b[last] !== CLOSE_OBJECT) decline();
  }

  /** The byte offset of the cursor. */
  get offset(): number {
    return this.i;
  }

  /** Moves the cursor to `offset`, just after a value read elsewhere (WasmHistoryReader). */
  seek(offset: number): void {
    this.i = offset;
  }

  /** Skips whitespace and returns the next byte without consuming it (-1 at the end). */
  peek(): number {
    const b = this.b;
    const n = b.length;
    let i = this.i;
    while (i < n) {
      const c = b[i] as number;
      if (!isSpace(c)) {
        this.i = i;
        return c;
      }
      i++;
    }
    this.i = i;
    return -1;
  }

  /** Consumes `byte` (after whitespace) or gives up. */
  expect(byte: number): void {
    if (this.peek() !== byte) decline();
    this.i++;
  }

  /** After a value inside an array or object: true on `,`, false on `close`, gives up otherwise. */
  more(close: number): boolean {
    const c = this.peek();
    this.i++;
    if (c === 0x2c) return true;
    if (c !== close) decline();
    return false;
  }

  /** Only whitespace may follow the top-level value. */
  end(): void {
    if (this.peek() !== -1) decline();
  }

  /**
   * Consumes `"key":` when it comes next written exactly so (no space before the colon), and says
   * whether it did; anything else is left for `key`. `quoted` is keyBytes' `"key":` form (quotedKey).
   */
  tryKey(quoted: Uint8Array): boolean {
    const b = this.b;
    const i = this.skipSpace(this.i);
    const n = quoted.length;
    for (let j = 0; j < n; j++) if (b[i + j] !== quoted[j]) return false;
    this.i = i + n;
    return true;
  }

  /** Reads `"key":` and returns its index in `keys`; gives up on an unknown key. */
  key(keys: readonly Uint8Array[]): number {
    const start = this.quotedAscii();
    const b = this.b;
    const length = this.i - 1 - start;
    this.expect(0x3a);
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as Uint8Array;
      if (key.length !== length) continue;
      let j = 0;
      while (j < length && key[j] === b[start + j]) j++;
      if (j === length) return k;
    }
    return decline();
  }

  /** A string of printable ASCII without escapes (so its length in code points is its byte count). */
  asciiString(minLength: number, maxLength: number): string {
    const start = this.quotedAscii();
    const end = this.i - 1;
    if (end - start < minLength || end - start > maxLength) decline();
    return this.b.toString('latin1', start, end);
  }

  /** Skips a `"..."` of printable ASCII without escapes; returns where its content starts. */
  private quotedAscii(): number {
    this.expect(QUOTE);
    const b = this.b;
    const start = this.i;
    let i = start;
    let c = b[i];
    while (c !== QUOTE) {
      if (c === undefined || c === BACKSLASH || c < 0x20 || c > 0x7e) decline();
      c = b[++i];
    }
    this.i = i + 1;
    return start;
  }

  /** Reads a JSON number into `value`, as exactly the double JSON.parse would give. */
  number(): void {
    this.i = this.scan(this.skipSpace(this.i));
  }

  /**
   * `[v0, …, v(count-1)]`: exactly `count` finite numbers, stored from `out[at]` on.
   *
   * Sensor readings are short decimals (`642.5914`), so those are read inline: at most
   * FAST_DIGITS digits in all and no exponent, summed in int32 and divided once by an exact power of
   * ten, which is the same correctly rounded double `scan` (and JSON.parse) gives. Anything else is
   * handed to `scan` from its first byte.
   */
  numbers(out: Float32Array, at: number, count: number): void {
    const b = this.b;
    let i = this.skipSpace(this.i);
    if (b[i] !== OPEN_ARRAY) decline();
    for (let j = 0; j < count; j++) {
      let start = i + 1;
      // Digits are tested as one unsigned comparison: (byte - '0') >>> 0 < 10.
      let c = b[start] as number;
      if (isSpace(c)) {
        start = this.skipSpace(start);
        c = b[start] as number;
      }
      let k = start;
      const negative = c === MINUS;
      if (negative) c = b[++k] as number;
      let m = 0;
      let digits = 0;
      let fraction = 0;
      let d = c - ZERO;
      let fast = d >>> 0 < 10;
      if (d === 0) {
        d = (b[++k] as number) - ZERO;
        if (d >>> 0 < 10) fast = false; // a leading zero: scan declines it
      } else {
        while (d >>> 0 < 10 && digits < FAST_DIGITS) {
          m = (m * 10 + d) | 0;
          digits++;
          d = (b[++k] as number) - ZERO;
        }
        if (d >>> 0 < 10) fast = false; // longer than FAST_DIGITS
      }
      if (fast && d === DOT - ZERO) {
        d = (b[++k] as number) - ZERO;
        if (d >>> 0 >= 10) fast = false; // `1.` is not JSON: scan declines it
        while (fast && d >>> 0 < 10) {
          if (digits === FAST_DIGITS) fast = false;
          else {
            m = (m * 10 + d) | 0;
            digits++;
            fraction++;
            d = (b[++k] as number) - ZERO;
          }
        }
      }
      c = d + ZERO;
      if (fast && (c === LOWER_E || c === UPPER_E)) fast = false;
      let v: number;
      if (fast) {
        const magnitude = fraction === 0 ? m : m / (POW10[fraction] as number);
        v = negative ? -magnitude : magnitude;
      } else {
        k = this.scan(start);
        v = this.value;
        // Not finite, or beyond the float32 range the readings are stored in: the ordinary path
        // (the schema's reading bounds) names it.
        if (!isReading(v)) decline();
        c = b[k] as number;
      }
      out[at + j] = v;
      i = k;
      if (isSpace(c)) {
        i = this.skipSpace(k);
        c = b[i] as number;
      }
      if (c !== (j === count - 1 ? CLOSE_ARRAY : COMMA)) decline();
    }
    this.i = i + 1;
  }

  private skipSpace(from: number): number {
    const b = this.b;
    let i = from;
    while (isSpace(b[i])) i++;
    return i;
  }

  /**
   * Scans the number at `start` into `value` and returns the index after it. The body is known to end
   * in `}`, so every scan stops at a non-digit before running off the end.
   */
  private scan(start: number): number {
    const b = this.b;
    let i = start;
    const negative = b[i] === MINUS;
    if (negative) i++;
    // The first 9 significant digits are summed in int32 arithmetic (a shorter dependency chain than
    // doubles), the rest, if any, as a double.
    let small = 0;
    let mantissa = 0;
    let digits = 0; // significant digits folded into the mantissa
    let exponent = 0;
    let d = (b[i] as number) - ZERO;
    if (d === 0) {
      d = (b[++i] as number) - ZERO;
      if (d >= 0 && d <= 9) decline(); // no leading zeros in JSON
    } else if (d > 0 && d <= 9) {
      do {
        small = (small * 10 + d) | 0;
        digits++;
        d = (b[++i] as number) - ZERO;
      } while (d >= 0 && d <= 9 && digits < SMALL_DIGITS);
      mantissa = small;
      while (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        d = (b[++i] as number) - ZERO;
      }
    } else {
      decline();
    }
    if (b[i] === DOT) {
      d = (b[++i] as number) - ZERO;
      if (d < 0 || d > 9) decline();
      // Zeros before the first significant digit only move the decimal point.
      while (digits === 0 && d === 0) {
        exponent--;
        d = (b[++i] as number) - ZERO;
      }
      if (digits < SMALL_DIGITS) {
        // Only int32 digits so far, so `mantissa` is still `small`.
        while (d >= 0 && d <= 9 && digits < SMALL_DIGITS) {
          small = (small * 10 + d) | 0;
          digits++;
          exponent--;
          d = (b[++i] as number) - ZERO;
        }
        mantissa = small;
      }
      while (d >= 0 && d <= 9) {
        mantissa = mantissa * 10 + d;
        digits++;
        exponent--;
        d = (b[++i] as number) - ZERO;
      }
    }
    if (b[i] === LOWER_E || b[i] === UPPER_E) {
      let sign = 1;
      if (b[++i] === MINUS) {
        sign = -1;
        i++;
      } else if (b[i] === PLUS) i++;
      d = (b[i] as number) - ZERO;
      if (d < 0 || d > 9) decline();
      let e = 0;
      do {
        if (e < 100_000) e = e * 10 + d;
        d = (b[++i] as number) - ZERO;
      } while (d >= 0 && d <= 9);
      exponent += sign * e;
    }
    if (mantissa === 0) this.value = negative ? -0 : 0;
    else if (digits <= MAX_EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
      const value =
        exponent < 0 ? mantissa / (POW10[-exponent] as number) : mantissa * (POW10[exponent] as number);
      this.value = negative ? -value : value;
    } else {
      // Rare (long mantissas, huge exponents): let the engine's own conversion decide.
      this.value = Number(b.toString('latin1', start, i));
    }
    return i;
  }
}
