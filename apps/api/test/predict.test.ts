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
    expect(a.warnings[0]).toMatch(/fewer than the model window of 30; padded/);
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
    expect(body.warnings.join(' ')).toMatch(/maxRul 125/);
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
