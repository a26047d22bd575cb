// AssemblyScript, compiled to WebAssembly by build-history-reader.ts into history-reader.generated.ts
// (which is committed; a test checks it is up to date).
//
// Reads one engine's history, `[{"cycle": n, "settings": [...], "sensors": [...]}, ...]`, from a
// JSON body copied into this module's memory, and stores every reading as a float32, row by row.
// It is the hot loop of the JS fast path (src/predict-body/read-predict-body.ts) and accepts only
// the plain form nearly every client writes: keys in that order, numbers of at most 9 significant
// digits without exponent. Anything else returns -1 and the JS reader reads the same history
// itself, so this module only ever decides what the JS reader would decide, faster.

const SPACE: u32 = 0x20;
const TAB: u32 = 0x09;
const LINE_FEED: u32 = 0x0a;
const CARRIAGE_RETURN: u32 = 0x0d;
const QUOTE: u32 = 0x22;
const COMMA: u32 = 0x2c;
const MINUS: u32 = 0x2d;
const DOT: u32 = 0x2e;
const ZERO: u32 = 0x30;
const COLON: u32 = 0x3a;
const OPEN_ARRAY: u32 = 0x5b;
const CLOSE_ARRAY: u32 = 0x5d;
const OPEN_OBJECT: u32 = 0x7b;
const CLOSE_OBJECT: u32 = 0x7d;
// 9 digits always fit a u32, and m / 10^k with m < 10^9, k <= 9 is one correctly rounded division
// of two exact doubles: the double JSON.parse gives for the same text.
const MAX_DIGITS = 9;

// The keys with their quotes, as bytes.
const CYCLE_KEY = memory.data<u8>([0x22, 0x63, 0x79, 0x63, 0x6c, 0x65, 0x22]);
const CYCLE_KEY_LENGTH = 7;
const SETTINGS_KEY = memory.data<u8>([0x22, 0x73, 0x65, 0x74, 0x74, 0x69, 0x6e, 0x67, 0x73, 0x22]);
const SETTINGS_KEY_LENGTH = 10;
const SENSORS_KEY = memory.data<u8>([0x22, 0x73, 0x65, 0x6e, 0x73, 0x6f, 0x72, 0x73, 0x22]);
const SENSORS_KEY_LENGTH = 9;
// 10^0 ... 10^9, exact doubles.
const POW10 = memory.data<f64>([1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]);

// Results of the last successful readHistory.
let historyCycles: i32 = 0;
let historyLast: i32 = 0;
// The last number read by readReading / readCycle.
let value: f64 = 0;
let cycleValue: i32 = 0;

/** First free byte after this module's own data: callers place bodies from here on. */
export function heapBase(): usize {
  return __heap_base;
}

export function lastCount(): i32 {
  return historyCycles;
}

export function lastCycle(): i32 {
  return historyLast;
}

@inline
function isDigit(c: u32): bool {
  return c - ZERO < 10;
}

@inline
function skipSpace(p: usize): usize {
  let c = <u32>load<u8>(p);
  if (c > SPACE) return p; // the usual case: no whitespace at all
  while (c == SPACE || c == LINE_FEED || c == CARRIAGE_RETURN || c == TAB) c = <u32>load<u8>(++p);
  return p;
}

/** `"key"` then `:` (whitespace allowed around both); the position after the colon, or 0. */
function key(p: usize, bytes: usize, length: usize): usize {
  p = skipSpace(p);
  for (let j: usize = 0; j < length; j++) if (load<u8>(p + j) != load<u8>(bytes + j)) return 0;
  p = skipSpace(p + length);
  if (load<u8>(p) != COLON) return 0;
  return p + 1;
}

/** A reading at `p` (no leading whitespace) into `value`; the position after it, or 0. */
@inline
function readReading(p: usize): usize {
  let c = <u32>load<u8>(p);
  const negative = c == MINUS;
  if (negative) c = <u32>load<u8>(++p);
  let m: u32 = 0;
  let digits = 0;
  if (c == ZERO) {
    c = <u32>load<u8>(++p);
    if (isDigit(c)) return 0; // leading zero: not JSON
  } else if (isDigit(c)) {
    do {
      if (digits == MAX_DIGITS) return 0;
      m = m * 10 + (c - ZERO);
      digits++;
      c = <u32>load<u8>(++p);
    } while (isDigit(c));
  } else {
    return 0;
  }
  let fraction = 0;
  if (c == DOT) {
    c = <u32>load<u8>(++p);
    if (!isDigit(c)) return 0; // `1.` is not JSON
    do {
      if (digits == MAX_DIGITS) return 0;
      m = m * 10 + (c - ZERO);
      digits++;
      fraction++;
      c = <u32>load<u8>(++p);
    } while (isDigit(c));
  }
  if ((c | 0x20) == 0x65) return 0; // an exponent: the JS reader converts those
  const magnitude = fraction == 0 ? <f64>m : <f64>m / load<f64>(POW10 + (<usize>fraction << 3));
  value = negative ? -magnitude : magnitude;
  return p;
}

/**
 * A cycle number into `cycleValue`: a reading with an integer value of at least `minCycle` (as
 * JSON.parse and the JS reader see it, so `3.0` is cycle 3); the position after it, or 0.
 */
function readCycle(p: usize, minCycle: i32): usize {
  p = readReading(p);
  if (p == 0 || value < <f64>minCycle || value != Math.floor(value)) return 0;
  cycleValue = <i32>value;
  return p;
}

/** `[v0, ..., v(count-1)]` stored as float32 from `out`; the position after `]`, or 0. */
function readings(p: usize, out: usize, count: i32): usize {
  p = skipSpace(p);
  if (load<u8>(p) != OPEN_ARRAY) return 0;
  p++;
  for (let j = 0; j < count; j++) {
    p = readReading(skipSpace(p));
    if (p == 0) return 0;
    store<f32>(out + (<usize>j << 2), <f32>value);
    p = skipSpace(p);
    if (<u32>load<u8>(p) != (j == count - 1 ? CLOSE_ARRAY : COMMA)) return 0;
    p++;
  }
  return p;
}

/**
 * Reads the history array starting at `p` (whitespace, then `[`). Readings go to `out`, `settings`
 * then `sensors` values per cycle; cycles must be integers from `minCycle` on, strictly increasing,
 * between `minCycles` and `maxCycles` of them. Returns the position after `]`, with the count and
 * the last cycle in lastCount() / lastCycle(); or -1 when the JS reader must decide.
 */
export function readHistory(
  p: usize,
  out: usize,
  settings: i32,
  sensors: i32,
  minCycles: i32,
  maxCycles: i32,
  minCycle: i32,
): isize {
  p = skipSpace(p);
  if (load<u8>(p) != OPEN_ARRAY) return -1;
  p++;
  const row = <usize>(settings + sensors) << 2;
  let count = 0;
  let previous = minCycle - 1; // each cycle must exceed it: then it is the cycle before
  while (true) {
    if (count == maxCycles) return -1;
    p = skipSpace(p);
    if (load<u8>(p) != OPEN_OBJECT) return -1;
    p = key(p + 1, CYCLE_KEY, CYCLE_KEY_LENGTH);
    if (p == 0) return -1;
    p = readCycle(skipSpace(p), minCycle);
    if (p == 0 || cycleValue <= previous) return -1;
    p = skipSpace(p);
    if (load<u8>(p) != COMMA) return -1;
    p = key(p + 1, SETTINGS_KEY, SETTINGS_KEY_LENGTH);
    if (p == 0) return -1;
    p = readings(p, out, settings);
    if (p == 0) return -1;
    p = skipSpace(p);
    if (load<u8>(p) != COMMA) return -1;
    p = key(p + 1, SENSORS_KEY, SENSORS_KEY_LENGTH);
    if (p == 0) return -1;
    p = readings(p, out + (<usize>settings << 2), sensors);
    if (p == 0) return -1;
    p = skipSpace(p);
    if (load<u8>(p) != CLOSE_OBJECT) return -1;
    previous = cycleValue;
    count++;
    out += row;
    p = skipSpace(p + 1);
    const c = load<u8>(p);
    p++;
    if (c == CLOSE_ARRAY) break;
    if (c != COMMA) return -1;
  }
  if (count < minCycles) return -1;
  historyCycles = count;
  historyLast = previous;
  return <isize>p;
}
