// Real buildApp + ONNX Runtime on the fixture model; large bodies are generated here, nothing is faked.
// Valid bodies are read straight from their bytes; these tests pin that every mistake in them still gets
// the exact error of the ordinary path, and that bodies the fast reader leaves alone answer the same.
import { syntheticHistory } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samePrediction } from './helpers/predictions.js';
import { startApp } from './helpers/test-app.js';

// Every case twice: bodies read on the event loop, and every body (however small) on a reader thread.
describe.each([
  ['read on the event loop', { BODY_READER_THREADS: '0' }],
  ['read on a reader thread', { BODY_READER_THREADS: '1', BODY_READER_MIN_BYTES: '0' }],
])('%s', (_mode, env) => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await startApp({ RATE_LIMIT_MAX: '0', ...env });
  });
  afterAll(() => app.close());

  const post = (url: string, payload: string) =>
    app.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload });

  type Row = Record<string, unknown> & { settings: unknown[]; sensors: unknown[] };
  const history = (n = 200): Row[] => syntheticHistory(n, 4) as unknown as Row[];
  const at = (rows: Row[], i: number, change: (row: Row) => void) => {
    change(rows[i]!);
    return rows;
  };

  /** A 200-cycle body with one change; `raw` replaces a marker after serialising (for 1e999 and the like). */
  function single(change: (body: Record<string, unknown>) => void, raw?: [string, string]): string {
    const body: Record<string, unknown> = { unit: 'e1', cycles: history(), horizons: [10, 30] };
    change(body);
    const text = JSON.stringify(body);
    return raw ? text.replace(raw[0], raw[1]) : text;
  }

  const invalid = (path: string, message: string, code: string) => ({
    statusCode: 400,
    code: 'VALIDATION_ERROR',
    message,
    details: [{ path, message, code }],
  });

  describe('errors deep in a large /predict body name the exact place', () => {
    it.each([
      [
        'a string sensor',
        single((b) => at(b['cycles'] as Row[], 150, (r) => (r.sensors[7] = '641.2'))),
        invalid('body.cycles[150].sensors[7]', 'body.cycles[150].sensors[7] must be number', 'type'),
      ],
      [
        'a sensor too large for a double',
        single((b) => at(b['cycles'] as Row[], 3, (r) => (r.sensors[7] = 123.456)), ['123.456', '1e999']),
        invalid('body.cycles[3].sensors[7]', 'body.cycles[3].sensors[7] must be number', 'type'),
      ],
      [
        'a null setting',
        single((b) => at(b['cycles'] as Row[], 199, (r) => (r.settings[1] = null))),
        invalid('body.cycles[199].settings[1]', 'body.cycles[199].settings[1] must be number', 'type'),
      ],
      [
        '20 sensors',
        single((b) => at(b['cycles'] as Row[], 150, (r) => r.sensors.pop())),
        invalid(
          'body.cycles[150].sensors',
          'body.cycles[150].sensors must NOT have fewer than 21 items',
          'minItems',
        ),
      ],
      [
        '22 sensors',
        single((b) => at(b['cycles'] as Row[], 0, (r) => r.sensors.push(1))),
        invalid(
          'body.cycles[0].sensors',
          'body.cycles[0].sensors must NOT have more than 21 items',
          'maxItems',
        ),
      ],
      [
        'a negative cycle',
        single((b) => at(b['cycles'] as Row[], 0, (r) => (r['cycle'] = -1))),
        invalid('body.cycles[0].cycle', 'body.cycles[0].cycle must be >= 0', 'minimum'),
      ],
      [
        'a fractional cycle',
        single((b) => at(b['cycles'] as Row[], 42, (r) => (r['cycle'] = 42.5))),
        invalid('body.cycles[42].cycle', 'body.cycles[42].cycle must be integer', 'type'),
      ],
      [
        'a missing field',
        single((b) => at(b['cycles'] as Row[], 9, (r) => delete (r as Record<string, unknown>)['settings'])),
        invalid('body.cycles[9].settings', 'body.cycles[9].settings is required', 'required'),
      ],
      [
        'an unknown field in a cycle',
        single((b) => at(b['cycles'] as Row[], 9, (r) => (r['extra'] = 1))),
        invalid('body.cycles[9].extra', 'body.cycles[9].extra is not allowed', 'additionalProperties'),
      ],
      [
        'an unknown top-level field',
        single((b) => (b['extra'] = true)),
        invalid('body.extra', 'body.extra is not allowed', 'additionalProperties'),
      ],
      [
        'a zero horizon',
        single((b) => (b['horizons'] = [10, 0])),
        invalid('body.horizons[1]', 'body.horizons[1] must be >= 1', 'minimum'),
      ],
      [
        'a unit that is too long',
        single((b) => (b['unit'] = 'x'.repeat(129))),
        invalid('body.unit', 'body.unit must NOT have more than 128 characters', 'maxLength'),
      ],
    ])('%s', async (_name, payload, expected) => {
      const res = await post('/predict', payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toEqual(expected);
    });

    it('cycles not strictly increasing', async () => {
      const res = await post(
        '/predict',
        single((b) => at(b['cycles'] as Row[], 120, (r) => (r['cycle'] = 120))),
      );
      const message =
        'body.cycles[120].cycle is 120 but the previous cycle is 120; cycles must be strictly increasing';
      expect(res.json()).toEqual({
        statusCode: 400,
        code: 'NOT_INCREASING',
        message,
        details: [{ code: 'NOT_INCREASING', path: 'body.cycles[120].cycle', message }],
      });
    });

    it('text after the body and a truncated body are invalid JSON', async () => {
      const good = single(() => undefined);
      for (const payload of [`${good} x`, good.slice(0, -1), `${good}}`]) {
        const res = await post('/predict', payload);
        expect(res.statusCode).toBe(400);
        expect(res.json()).toMatchObject({ code: 'INVALID_JSON' });
      }
    });
  });

  describe('errors deep in a large /predict/batch body name the engine too', () => {
    const engines = () => [0, 1, 2].map((i) => ({ unit: `u${i}`, cycles: history() }));

    it('a string sensor in the second engine', async () => {
      const body = { engines: engines() };
      body.engines[1]!.cycles[150]!.sensors[7] = 'x';
      const res = await post('/predict/batch', JSON.stringify(body));
      const path = 'body.engines[1].cycles[150].sensors[7]';
      expect(res.json()).toEqual(invalid(path, `${path} must be number`, 'type'));
    });

    it('cycles not increasing in the third engine', async () => {
      const body = { engines: engines() };
      body.engines[2]!.cycles[5]!['cycle'] = 1;
      const res = await post('/predict/batch', JSON.stringify(body));
      expect(res.json()).toMatchObject({
        statusCode: 400,
        code: 'NOT_INCREASING',
        details: [{ path: 'body.engines[2].cycles[5].cycle' }],
      });
    });
  });

  describe('bodies the fast reader leaves to the ordinary path answer the same', () => {
    const cycles = history();
    const plain = JSON.stringify({ unit: 'e1', cycles, horizons: [10, 30] });

    it.each([
      ['pretty-printed', JSON.stringify({ unit: 'e1', cycles, horizons: [10, 30] }, null, 2)],
      ['keys in another order', JSON.stringify({ horizons: [10, 30], cycles, unit: 'e1' })],
      ['a byte order mark', `\uFEFF${plain}`],
      ['an escaped key', plain.replace('"unit"', '"\\u0075nit"')],
      ['a repeated key', plain.replace('"unit":"e1"', '"unit":"other","unit":"e1"')],
      ['a long mantissa', plain.replace(/(\d+\.\d+)/, '$1000000000000000000000')],
      ['exponents', plain.replace('"horizons":[10,30]', '"horizons":[1e1,3.0E1]')],
    ])('%s', async (_name, payload) => {
      const expected = (await post('/predict', plain)).json();
      const res = await post('/predict', payload);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual(expected);
    });

    it('a non-ASCII unit', async () => {
      const res = await post('/predict', plain.replace('"e1"', '"moteur-é"'));
      const expected = (await post('/predict', plain)).json();
      expect(res.json()).toEqual({ ...expected, unit: 'moteur-é' });
    });

    it('/predict/batch gives each engine what /predict gives it', async () => {
      const engines = [0, 1].map((i) => ({ unit: `u${i}`, cycles: syntheticHistory(60 + i * 100, i) }));
      const batch = (await post('/predict/batch', JSON.stringify({ engines, horizons: [20] }))).json();
      const singles = await Promise.all(
        engines.map(async (e) => (await post('/predict', JSON.stringify({ ...e, horizons: [20] }))).json()),
      );
      expect(batch.predictions).toEqual(singles.map(samePrediction));
    });
  });
});
