// Pure unit test: the compiled history reader on its own, and PredictBodyReader with and without it
// on mutated bodies (the two must always agree: the compiled reader only ever speeds up a decision).
import {
  CHANNEL_COUNT,
  SENSOR_COUNT,
  SETTING_COUNT,
  syntheticHistory,
  toWindow,
  type Cycle,
} from '@rul/cmapss';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { PredictBodyReader } from '../read-predict-body.js';
import { WASM_MAX_BODY_BYTES, WasmHistoryReader } from './wasm-history-reader.js';

const shape = { settings: SETTING_COUNT, sensors: SENSOR_COUNT, minCycles: 1, maxCycles: 50, minCycle: 1 };
/** Every row of a history, packed as the model reads them (a window exactly as long as the history). */
const flat = (cycles: Cycle[]) => toWindow(cycles, cycles.length).data;

/** Loads `text` and reads the history that starts at its first `[`. */
function read(text: string, reader = new WasmHistoryReader(shape)) {
  const body = Buffer.from(text);
  expect(reader.load(body)).toBe(true);
  const end = reader.read(text.indexOf('['));
  return end < 0
    ? undefined
    : { end, count: reader.count, last: reader.lastCycle, readings: reader.readings() };
}

describe('WasmHistoryReader', () => {
  it('reads a plain history into float32 rows and says where it ends', () => {
    const cycles = syntheticHistory(7, 4);
    const history = JSON.stringify(cycles);
    const text = `{"cycles":${history},"unit":"x"}`;
    const got = read(text)!;
    expect(got.end).toBe(text.indexOf('[') + history.length);
    expect(got.count).toBe(7);
    expect(got.last).toBe(cycles.at(-1)!.cycle);
    expect(got.readings).toEqual(flat(cycles));
    expect(got.readings).toHaveLength(7 * CHANNEL_COUNT);
  });

  it('accepts JSON whitespace between every token', () => {
    const cycles = syntheticHistory(3, 8);
    const spaced = JSON.stringify({ cycles }, null, '\t').replaceAll(':', ' \r\n:  ').replaceAll(',', ' , ');
    expect(read(spaced)?.readings).toEqual(flat(cycles));
  });

  it('stores the same float32 as JSON.parse then Float32Array for short decimals and integers', () => {
    const texts = [
      '0',
      '-0',
      '1',
      '-1',
      '0.5',
      '999999999',
      '-999999.999',
      '0.00000001',
      '642.5914',
      '8138.62',
    ];
    const rows = texts.map((first, i) => {
      const sensors = Array.from({ length: 21 }, (_, j) => texts[(i + j) % texts.length]);
      return `{"cycle":${i + 1},"settings":[${first},0,100],"sensors":[${sensors.join(',')}]}`;
    });
    const text = `{"cycles":[${rows.join(',')}]}`;
    const got = read(text)!;
    const expected = (JSON.parse(text) as { cycles: Cycle[] }).cycles;
    expect(got.readings).toEqual(flat(expected));
    expect(Object.is(got.readings[CHANNEL_COUNT], -0)).toBe(true); // row 2 starts with -0
  });

  it('leaves every other form to the JavaScript reader (-1)', () => {
    const one = (c: string) => `{"cycles":[${c}]}`;
    const readings = `"settings":[1,2,3],"sensors":[${Array(21).fill(1).join(',')}]`;
    expect(read(one(`{"cycle":1,${readings}}`))).toBeDefined();
    // An integer written with a fraction is that cycle, for JSON.parse and the JS reader alike.
    expect(read(one(`{"cycle":1,${readings}},{"cycle":3.0,${readings}}`))?.last).toBe(3);
    for (const text of [
      one(`{${readings},"cycle":1}`), // another key order
      one(`{"cycle":1,${readings},"extra":1}`), // an extra key
      one(`{"cycle":1,"settings":[1,2,3]}`), // a missing key
      one(`{"cycle":1.5,${readings}}`), // not an integer
      one(`{"cycle":1e0,${readings}}`), // or an exponent
      one(`{"cycle":01,${readings}}`), // leading zero
      one(`{"cycle":0,${readings}}`), // below the first cycle
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[1e2,2,3]')}}`), // an exponent
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[1234567890,2,3]')}}`), // 10 digits
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[0.1234567891,2,3]')}}`), // 10 digits
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[01,2,3]')}}`), // leading zero
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[1.,2,3]')}}`), // not JSON
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[1,2]')}}`), // too few
      one(`{"cycle":1,${readings.replace('[1,2,3]', '[1,2,3,4]')}}`), // too many
      one(`{"cycle":1,${readings.replace('[1,2,3]', '["1",2,3]')}}`), // a string
      one(`{"cycle":2,${readings}},{"cycle":2,${readings}}`), // not increasing
      '{"cycles":[]}', // empty
      `{"cycles":[{"cycle":1,${readings}}`, // unterminated
    ]) {
      expect(read(text), text).toBeUndefined();
    }
    const tooLong = JSON.stringify({ cycles: syntheticHistory(shape.maxCycles + 1) });
    expect(read(tooLong)).toBeUndefined();
    expect(read(JSON.stringify({ cycles: syntheticHistory(shape.maxCycles) }))?.count).toBe(shape.maxCycles);
  });

  it('grows its memory for large bodies and refuses to hold bodies over its limit', () => {
    const reader = new WasmHistoryReader(shape);
    const padding = ' '.repeat(3 * 1024 * 1024);
    const cycles = syntheticHistory(5, 2);
    expect(read(`{"unit":"a",${padding}"cycles":${JSON.stringify(cycles)}}`, reader)?.readings).toEqual(
      flat(cycles),
    );
    // The same instance still reads small bodies after growing.
    expect(read(`{"cycles":${JSON.stringify(cycles)}}`, reader)?.count).toBe(5);
    expect(reader.load(Buffer.alloc(WASM_MAX_BODY_BYTES + 1))).toBe(false);
  });
});

describe('PredictBodyReader with and without the compiled reader', () => {
  const compiled = new PredictBodyReader();
  const plain = new PredictBodyReader({ compiled: false });
  // Bytes that matter to a JSON reader, to mutate plain bodies with.
  const byte = fc.constantFrom(...'0123456789.-+eE,[]{}": \n\tx'.split(''));
  const edit = fc.record({
    at: fc.nat(),
    kind: fc.constantFrom('replace', 'insert', 'delete'),
    byte,
  });

  it('agree on every mutation of plain bodies, and the compiled reader does read them', () => {
    let accepted = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.nat(1000),
        fc.array(edit, { maxLength: 3 }),
        (n, seed, edits) => {
          let text = JSON.stringify({ unit: 'u', cycles: syntheticHistory(n, seed) });
          for (const { at, kind, byte: b } of edits) {
            const i = at % text.length;
            if (kind === 'replace') text = text.slice(0, i) + b + text.slice(i + 1);
            else if (kind === 'insert') text = text.slice(0, i) + b + text.slice(i);
            else text = text.slice(0, i) + text.slice(i + 1);
          }
          const a = compiled.predict(Buffer.from(text));
          const b = plain.predict(Buffer.from(text));
          expect(a).toEqual(b);
          if (a) {
            accepted++;
            expect(Object.is(a.engines[0]!.lastCycle, b!.engines[0]!.lastCycle)).toBe(true);
          }
        },
      ),
      { numRuns: 4000 },
    );
    expect(accepted).toBeGreaterThan(400);
  });

  it('agree on generated histories in and around the plain form', () => {
    // Readings as text: mostly short decimals, sometimes a form only the JavaScript reader takes.
    const reading = fc.oneof(
      { weight: 40, arbitrary: fc.integer({ min: -99_999, max: 99_999 }).map(String) },
      {
        weight: 40,
        arbitrary: fc
          .tuple(fc.integer({ min: -9999, max: 9999 }), fc.integer({ min: 0, max: 9999 }))
          .map(([whole, part]) => `${whole}.${part}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom('-0', '0.0', '1e2', '01', '1.', '-', '1234567890', '"1"', 'null'),
      },
    );
    const readings = (n: number) =>
      fc.oneof(
        { weight: 20, arbitrary: fc.array(reading, { minLength: n, maxLength: n }) },
        { weight: 1, arbitrary: fc.array(reading, { minLength: n - 1, maxLength: n + 1 }) },
      );
    const row = fc.record({
      step: fc.oneof(
        { weight: 20, arbitrary: fc.integer({ min: 1, max: 3 }) },
        { weight: 1, arbitrary: fc.integer({ min: -1, max: 0 }) },
      ),
      cycleText: fc.oneof(
        { weight: 30, arbitrary: fc.constant(undefined) },
        { weight: 1, arbitrary: fc.constantFrom('1.0', '0', '01', '1e1', '"1"') },
      ),
      order: fc.oneof(
        { weight: 20, arbitrary: fc.constant([0, 1, 2]) },
        { weight: 1, arbitrary: fc.constantFrom([1, 0, 2], [0, 2, 1], [0, 1], [0, 1, 2, 3]) },
      ),
      settings: readings(3),
      sensors: readings(21),
      space: fc.constantFrom('', ' ', '\n  '),
    });
    const compiledRead = vi.spyOn(WasmHistoryReader.prototype, 'read');
    let accepted = 0;
    fc.assert(
      fc.property(fc.array(row, { minLength: 0, maxLength: 8 }), (rows) => {
        let cycle = 0;
        const objects = rows.map(({ step, cycleText, order, settings, sensors, space }) => {
          cycle += step;
          const fields = [
            `"cycle":${space}${cycleText ?? cycle}`,
            `"settings":[${settings.join(`,${space}`)}]`,
            `"sensors":${space}[${sensors.join(',')}]`,
            '"extra":1',
          ];
          return `{${space}${order.map((k) => fields[k]).join(`${space},`)}}`;
        });
        const text = Buffer.from(`{"cycles":[${objects.join(',')}],"unit":"u"}`);
        const a = compiled.predict(text);
        expect(a).toEqual(plain.predict(text));
        if (a) accepted++;
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: many histories were valid, and the compiled reader read many of them itself.
    expect(accepted).toBeGreaterThan(600);
    const readByCompiled = compiledRead.mock.results.filter((r) => (r.value as number) >= 0).length;
    expect(readByCompiled).toBeGreaterThan(300);
    compiledRead.mockRestore();
  });

  it('agree on whole fleets, batch by batch, with every history read by the compiled reader', () => {
    const read = vi.spyOn(WasmHistoryReader.prototype, 'read');
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 120 }),
        fc.nat(99),
        (engines, cycles, seed) => {
          const body = {
            engines: Array.from({ length: engines }, (_, i) => ({
              unit: `e${i}`,
              cycles: syntheticHistory(cycles, seed + i),
            })),
          };
          const text = Buffer.from(JSON.stringify(body));
          const a = compiled.batch(text);
          expect(a).toBeDefined();
          expect(a).toEqual(plain.batch(text));
        },
      ),
      { numRuns: 100 },
    );
    expect(read).toHaveBeenCalled();
    expect(read.mock.results.every((r) => (r.value as number) >= 0)).toBe(true);
    read.mockRestore();
  });
});
