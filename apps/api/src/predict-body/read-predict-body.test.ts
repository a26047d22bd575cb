// Pure unit test: the fast body reader against the ordinary path (JSON.parse + the route schema compiled
// with the app's AJV settings + the ordering rule) on generated bodies; nothing is faked.
import AjvCompiler from '@fastify/ajv-compiler';
import { checkCycleOrder, syntheticFleet, syntheticHistory, type Cycle } from '@rul/cmapss';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AJV_OPTIONS } from '../schemas/ajv-options.js';
import { BatchJsonBodySchema, PredictBodySchema } from '../schemas/predict.js';
import type { PackedBody, PackedHistory } from './packed-history.js';
import { PredictBodyReader } from './read-predict-body.js';

const compile = AjvCompiler()({}, AJV_OPTIONS) as unknown as (route: object) => (data: unknown) => boolean;
const predictSchema = compile({
  schema: PredictBodySchema,
  method: 'POST',
  url: '/predict',
  httpPart: 'body',
});
const batchSchema = compile({ schema: BatchJsonBodySchema, method: 'POST', url: '/b', httpPart: 'body' });

type History = { cycles: Cycle[] };
const ordered = (h: History) => checkCycleOrder(h.cycles).ok;

/** What the ordinary path accepts: parsed, schema-valid and in cycle order. */
function ordinary(text: string, batch: boolean): Record<string, unknown> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (!(batch ? batchSchema : predictSchema)(body)) return undefined;
  const b = body as { engines?: History[] } & History;
  return (batch ? (b.engines ?? []).every(ordered) : ordered(b)) ? b : undefined;
}

function expectSameHistory(packed: PackedHistory, cycles: Cycle[]): void {
  expect(packed.count).toBe(cycles.length);
  expect(Object.is(packed.lastCycle, cycles.at(-1)!.cycle)).toBe(true);
  const expected = Float32Array.from(cycles.flatMap((c) => [...c.settings, ...c.sensors]));
  expect(packed.readings).toEqual(expected);
}

const reader = new PredictBodyReader();
const predictBody = (text: string) => reader.predict(Buffer.from(text));
/** A /predict body's one engine. */
const only = (body: PackedBody | undefined) => body?.engines[0];
const batchBody = (text: string) => reader.batch(Buffer.from(text));

// Near-valid bodies: mostly right, with the kinds of mistakes and oddities clients make.
const reading = fc.oneof(
  { weight: 300, arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e4, max: 1e4 }) },
  { weight: 100, arbitrary: fc.integer({ min: -5, max: 5000 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('1', null, true, [], {}, 1e300, -0, 5e-324) },
);
const readings = (n: number) =>
  fc.oneof(
    { weight: 30, arbitrary: fc.array(reading, { minLength: n, maxLength: n }) },
    { weight: 1, arbitrary: fc.array(reading, { minLength: n - 1, maxLength: n + 1 }) },
  );
const rare = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 30, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const cycleArb = fc
  .record({
    step: fc.oneof(
      { weight: 30, arbitrary: fc.integer({ min: 1, max: 3 }) },
      { weight: 1, arbitrary: fc.constant(0) },
    ),
    odd: rare(fc.constantFrom<unknown>(-1, 2.5, '3', null, -0)),
    settings: readings(3),
    sensors: readings(21),
    extra: rare(fc.constant(1)),
    drop: rare(fc.constantFrom('cycle', 'settings', 'sensors')),
  })
  .map(({ step, odd, settings, sensors, extra, drop }) => ({ step, odd, settings, sensors, extra, drop }));
const historyArb = fc
  .oneof(
    { weight: 20, arbitrary: fc.array(cycleArb, { minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant([]) },
  )
  .map((rows) => {
    let cycle = 0;
    return rows.map(({ step, odd, settings, sensors, extra, drop }) => {
      cycle += step;
      const row: Record<string, unknown> = { cycle: odd === undefined ? cycle : odd, settings, sensors };
      if (extra !== undefined) row['extra'] = extra;
      if (drop !== undefined) delete row[drop];
      return row;
    });
  });
const unitArb = fc.oneof(
  { weight: 5, arbitrary: fc.string({ maxLength: 130 }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>('engine-7', 'é', 'a"b', 'a\\b', '\u0000', '', 7, null) },
);
const horizonArb = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 100_000 }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, 0, 100_001, 2.5) },
);
const horizonsArb = fc.oneof(
  { weight: 20, arbitrary: fc.array(horizonArb, { minLength: 1, maxLength: 33 }) },
  { weight: 1, arbitrary: fc.constant([]) },
);
const historyBody = fc.record(
  { unit: unitArb, cycles: historyArb, horizons: horizonsArb },
  { requiredKeys: ['cycles'] },
);
// Formatting the ordinary parser ignores: indentation, BOM, trailing space.
const layout = fc.record({
  indent: fc.constantFrom<string | number | undefined>(undefined, 0, 2, '\t'),
  bom: fc.oneof({ weight: 20, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  trail: fc.oneof(
    { weight: 20, arbitrary: fc.constantFrom('', ' ', '\n') },
    { weight: 1, arbitrary: fc.constantFrom(' x', ',', '}') },
  ),
});
const render = (body: unknown, l: { indent: string | number | undefined; bom: boolean; trail: string }) =>
  `${l.bom ? '\uFEFF' : ''}${JSON.stringify(body, null, l.indent)}${l.trail}`;

describe('PredictBodyReader', () => {
  it('accepts only what the ordinary path accepts, with the same values (/predict)', () => {
    let accepted = 0;
    fc.assert(
      fc.property(historyBody, layout, (body, l) => {
        const text = render(body, l);
        const packed = predictBody(text);
        if (packed === undefined) return;
        accepted++;
        const expected = ordinary(text, false) as { unit?: string; cycles: Cycle[]; horizons?: number[] };
        expect(expected).toBeDefined();
        expect(packed.engines).toHaveLength(1);
        expect(only(packed)!.unit).toBe(expected.unit);
        expect(packed.horizons).toEqual(expected.horizons);
        expectSameHistory(only(packed)!, expected.cycles);
      }),
      { numRuns: 3000 },
    );
    // Not vacuous: a good share of the generated bodies is valid and read fast.
    expect(accepted).toBeGreaterThan(300);
  });

  it('accepts only what the ordinary path accepts, with the same values (/predict/batch)', () => {
    let accepted = 0;
    const engineArb = fc.record(
      { unit: unitArb, cycles: historyArb, horizons: rare(horizonsArb) },
      { requiredKeys: ['cycles'] },
    );
    const batchArb = fc.record(
      { engines: fc.array(engineArb, { minLength: 0, maxLength: 3 }), horizons: horizonsArb },
      { requiredKeys: ['engines'] },
    );
    fc.assert(
      fc.property(batchArb, layout, (body, l) => {
        const text = render(body, l);
        const packed = batchBody(text);
        if (packed === undefined) return;
        accepted++;
        const expected = ordinary(text, true) as {
          engines: (History & { unit?: string })[];
          horizons?: number[];
        };
        expect(expected).toBeDefined();
        expect(packed.horizons).toEqual(expected.horizons);
        expect(packed.engines).toHaveLength(expected.engines.length);
        packed.engines.forEach((engine, i) => {
          expect(engine.unit).toBe(expected.engines[i]!.unit);
          expectSameHistory(engine, expected.engines[i]!.cycles);
        });
      }),
      { numRuns: 1500 },
    );
    expect(accepted).toBeGreaterThan(100);
  });

  it('takes the fast path for ordinary valid bodies in any layout', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.constantFrom(undefined, 2, '\t'), (n, indent) => {
        const body = { horizons: [10, 30], cycles: syntheticHistory(n, n), unit: `unit-${n}` };
        const text = JSON.stringify(body, null, indent);
        const packed = predictBody(text);
        expect(packed).toBeDefined();
        expect(only(packed)!.unit).toBe(body.unit);
        expect(packed!.horizons).toEqual([10, 30]);
        expectSameHistory(only(packed)!, body.cycles);
      }),
      { numRuns: 50 },
    );
    const fleet = syntheticFleet(20, 1, 250, 3).map((u) => ({ unit: u.unit, cycles: u.cycles }));
    const packed = batchBody(JSON.stringify({ engines: fleet }));
    expect(packed?.engines.map((e) => e.count)).toEqual(fleet.map((u) => u.cycles.length));
  });

  it('reads cycle fields in any order and spacing, not only the usual one', () => {
    const cycles = syntheticHistory(4, 9);
    const usual = predictBody(JSON.stringify({ cycles }));
    expect(usual).toBeDefined();
    for (const rewrite of [
      (c: Cycle) => ({ sensors: c.sensors, cycle: c.cycle, settings: c.settings }),
      (c: Cycle) => ({ settings: c.settings, sensors: c.sensors, cycle: c.cycle }),
      (c: Cycle) => ({ cycle: c.cycle, sensors: c.sensors, settings: c.settings }),
    ]) {
      const packed = predictBody(JSON.stringify({ cycles: cycles.map(rewrite) }));
      expect(only(packed)).toEqual(only(usual));
    }
    const spaced = JSON.stringify({ cycles }).replaceAll('":', '" :').replaceAll('"cycle"', ' "cycle"');
    expect(only(predictBody(spaced))).toEqual(only(usual));
    // A repeated field is still left to the ordinary path, whatever the order.
    const twice = JSON.stringify({ cycles }).replace('"settings":', '"cycle":1,"settings":');
    expect(predictBody(twice)).toBeUndefined();
  });

  it('leaves valid but unusual bodies to the ordinary path', () => {
    const cycles = JSON.stringify(syntheticHistory(3));
    for (const text of [
      `\uFEFF{"cycles":${cycles}}`, // byte order mark
      `{"unit":"moteur-é","cycles":${cycles}}`, // non-ASCII
      `{"unit":"a\\"b","cycles":${cycles}}`, // escape in a string
      `{"\\u0063ycles":${cycles}}`, // escape in a key
      `{"cycles":[],"cycles":${cycles}}`, // repeated key: JSON.parse keeps the last
    ]) {
      expect(ordinary(text, false), text).toBeDefined();
      expect(predictBody(text), text).toBeUndefined();
    }
  });
});
