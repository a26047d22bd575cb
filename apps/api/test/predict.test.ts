// Real buildApp + ONNX Runtime workers on the committed fixture model; inputs are generated, nothing is faked.
import { formatCmapssText, syntheticFleet, syntheticHistory } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samePrediction } from './helpers/predictions.js';
import { startApp } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startApp({ BATCH_MAX_WAIT_MS: '10' });
});
afterAll(() => app.close());

const predict = (payload: object) => app.inject({ method: 'POST', url: '/predict', payload });

describe('POST /predict', () => {
  it('returns the contract fields and names the model version', async () => {
    const res = await predict({ unit: 'engine-7', cycles: syntheticHistory(45), horizons: [10, 40, 80] });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      unit: 'engine-7',
      rul: expect.any(Number),
      interval: { lower: expect.any(Number), upper: expect.any(Number), level: 0.9 },
      lastCycle: 45,
      model: { name: 'rul-fixture', version: '0.0.1-test' },
      warnings: [],
    });
    expect(body.interval.lower).toBeLessThanOrEqual(body.rul);
    expect(body.interval.upper).toBeGreaterThanOrEqual(body.rul);
    const p = body.failureProbability.map((x: { probability: number }) => x.probability);
    expect(body.failureProbability.map((x: { horizon: number }) => x.horizon)).toEqual([10, 40, 80]);
    expect(p[0]).toBeLessThanOrEqual(p[1]);
    expect(p[1]).toBeLessThanOrEqual(p[2]);
  });

  it('omits failureProbability without horizons and returns unit null without a unit', async () => {
    const body = (await predict({ cycles: syntheticHistory(30) })).json();
    expect(body.unit).toBeNull();
    expect(body).not.toHaveProperty('failureProbability');
  });

  it('pads a short history with a warning, equal to sending the padded rows', async () => {
    const short = syntheticHistory(5);
    const padded = [...Array(25).fill(short[0]), ...short].map((c, i) => ({ ...c, cycle: i + 1 }));
    const a = (await predict({ cycles: short })).json();
    const b = (await predict({ cycles: padded })).json();
    expect(a.warnings).toEqual([
      {
        code: 'SHORT_HISTORY',
        message: expect.stringMatching(/fewer than the model window of 30; padded/),
        cycles: 25,
      },
    ]);
    expect(a.rul).toBe(b.rul);
  });

  it('uses only the last window rows of a long history', async () => {
    const long = syntheticHistory(200, 3);
    const a = (await predict({ cycles: long })).json();
    const b = (await predict({ cycles: long.slice(-30) })).json();
    expect(a).toMatchObject({ rul: b.rul, lastCycle: 200, warnings: [] });
  });

  it('warns when a horizon exceeds maxRul', async () => {
    const body = (await predict({ cycles: syntheticHistory(30), horizons: [500] })).json();
    expect(body.warnings).toEqual([
      { code: 'HORIZON_BEYOND_MAX_RUL', message: expect.stringMatching(/maxRul 125/) },
    ]);
  });

  describe('a history outside what the model was trained on', () => {
    // The fixture model was trained at sea level; these cycles are flown at 35,000 ft, Mach 0.84.
    const aloft = syntheticHistory(40).map((c) => ({ ...c, settings: [35.0019, 0.8404, 100] }));
    const zeros = syntheticHistory(40).map((c) => ({ ...c, sensors: c.sensors.map(() => 0) }));

    it('answers with a coded warning naming the settings, and the widest honest interval', async () => {
      const before = await app.inject({ url: '/metrics' });
      const res = await predict({ cycles: aloft });
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body.warnings).toEqual([
        {
          code: 'SETTINGS_OUT_OF_RANGE',
          message: expect.stringMatching(
            /^operating settings outside every condition model rul-fixture was trained on, in 30 of the 30 cycles it reads: setting_1 35\.0019 \(trained -0\.006\.\.0\.006\), setting_2 0\.8404/,
          ),
          channels: ['setting_1', 'setting_2'],
          cycles: 30,
        },
      ]);
      // Never a confident zero-width answer: the band says the model cannot judge it.
      expect(body.interval).toEqual({ lower: 0, upper: 125, level: 0.9 });
      const count = (text: string) =>
        Number(/^rul_prediction_warnings_total\{code="SETTINGS_OUT_OF_RANGE"\} (\d+)$/m.exec(text)?.[1] ?? 0);
      expect(count((await app.inject({ url: '/metrics' })).body)).toBe(count(before.body) + 1);
    });

    it('flags all-zero sensors', async () => {
      const body = (await predict({ cycles: zeros })).json();
      expect(body.warnings.map((w: { code: string }) => w.code)).toEqual(['READINGS_OUT_OF_RANGE']);
      expect(body.warnings[0].channels).toEqual(expect.arrayContaining(['T24', 'T30', 'W32']));
      expect(body.interval.upper - body.interval.lower).toBeGreaterThan(0);
    });

    it('refuses with 422 and the same details when the client asks for strict', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/predict?strict=true',
        payload: { cycles: aloft },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({
        statusCode: 422,
        code: 'OUT_OF_DISTRIBUTION',
        message: expect.stringMatching(
          /^body\.cycles: operating settings outside .* \(strict: refused instead of answering\)$/,
        ),
        details: [{ path: 'body.cycles', code: 'SETTINGS_OUT_OF_RANGE' }],
      });
      // strict changes nothing for a history the model knows.
      const fine = await app.inject({
        method: 'POST',
        url: '/predict?strict=true',
        payload: { cycles: syntheticHistory(40) },
      });
      expect(fine.statusCode).toBe(200);
      const bad = await app.inject({
        method: 'POST',
        url: '/predict?strict=yes',
        payload: { cycles: aloft },
      });
      expect(bad.json()).toMatchObject({ statusCode: 400, message: 'querystring.strict must be boolean' });
    });

    it('names the engine at fault in a strict batch, and answers the rest without strict', async () => {
      const engines = [{ cycles: syntheticHistory(40) }, { unit: 'Z', cycles: zeros }];
      const strict = await app.inject({
        method: 'POST',
        url: '/predict/batch?strict=true',
        payload: { engines },
      });
      expect(strict.statusCode).toBe(422);
      expect(strict.json().details).toEqual([
        {
          path: 'body.engines[1].cycles',
          code: 'READINGS_OUT_OF_RANGE',
          message: expect.stringMatching(/^body\.engines\[1\]\.cycles: sensor readings/),
        },
      ]);
      const lenient = (
        await app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } })
      ).json();
      expect(lenient.predictions.map((p: { warnings: unknown[] }) => p.warnings.length)).toEqual([0, 1]);
    });
  });

  it('accepts a sane X-Request-Id and replaces an insane one', async () => {
    const ok = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'trace-abc.123' },
    });
    expect(ok.headers['x-request-id']).toBe('trace-abc.123');
    const bad = await app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'a b<script>' },
    });
    expect(bad.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('coalesces concurrent requests into shared ONNX Runtime runs', async () => {
    const before = await app.metrics.batchSize.get();
    const count = (m: typeof before) =>
      m.values.find((v) => v.metricName === 'rul_batch_size_count')?.value ?? 0;
    const results = await Promise.all(
      Array.from({ length: 24 }, (_, i) => predict({ cycles: syntheticHistory(30, i) })),
    );
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    const runs = count(await app.metrics.batchSize.get()) - count(before);
    expect(runs).toBeLessThan(24);
  });
});

describe('POST /predict/batch', () => {
  it('answers JSON engines in order, each like /predict', async () => {
    const engines = syntheticFleet(4, 10, 60).map((u) => ({ unit: `u${u.unit}`, cycles: u.cycles }));
    const res = await app.inject({
      method: 'POST',
      url: '/predict/batch',
      payload: { engines, horizons: [20] },
    });
    expect(res.statusCode).toBe(200);
    const { predictions } = res.json();
    expect(predictions.map((p: { unit: string }) => p.unit)).toEqual(['u1', 'u2', 'u3', 'u4']);
    const single = (await predict({ unit: 'u3', cycles: engines[2]!.cycles, horizons: [20] })).json();
    expect(predictions[2]).toEqual(samePrediction(single));
  });

  it('answers a generated multi-unit C-MAPSS text file, one prediction per unit', async () => {
    const fleet = syntheticFleet(12, 5, 220, 9);
    const res = await app.inject({
      method: 'POST',
      url: '/predict/batch?horizons=15,30',
      headers: { 'content-type': 'text/plain' },
      payload: formatCmapssText(fleet),
    });
    expect(res.statusCode).toBe(200);
    const { predictions } = res.json();
    expect(predictions).toHaveLength(12);
    expect(predictions.map((p: { unit: string }) => p.unit)).toEqual(fleet.map((u) => u.unit));
    expect(predictions.map((p: { lastCycle: number }) => p.lastCycle)).toEqual(
      fleet.map((u) => u.cycles.length),
    );
    expect(predictions[0].failureProbability).toHaveLength(2);
  });

  it('keeps answering /health while a large batch is being inferred', async () => {
    const text = formatCmapssText(syntheticFleet(400, 200, 200, 5));
    const order: string[] = [];
    const batch = app
      .inject({
        method: 'POST',
        url: '/predict/batch',
        headers: { 'content-type': 'text/plain' },
        payload: text,
      })
      .then((r) => order.push(`batch:${r.statusCode}`));
    await new Promise((r) => setTimeout(r, 5));
    const live = app
      .inject({ method: 'GET', url: '/health/live' })
      .then((r) => order.push(`live:${r.statusCode}`));
    await Promise.all([batch, live]);
    expect(order).toEqual(['live:200', 'batch:200']);
  });
});
