// Real buildApp + ONNX Runtime on the fixture model through the KServe V2 REST routes; nothing is faked.
import { syntheticHistory, toWindow } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp } from './helpers/test-app.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await startApp();
});
afterAll(() => app.close());

const tensor = (batch: number, over: Record<string, unknown> = {}) => {
  const data: number[] = [];
  for (let b = 0; b < batch; b++) data.push(...toWindow(syntheticHistory(30, b + 1), 30).data);
  return {
    id: 'req-1',
    inputs: [{ name: 'readings', datatype: 'FP32', shape: [batch, 30, 24], data, ...over }],
  };
};
const infer = (payload: object, url = '/v2/models/rul-fixture/infer') =>
  app.inject({ method: 'POST', url, payload });

describe('KServe V2', () => {
  it('server metadata, liveness and readiness', async () => {
    expect((await app.inject({ method: 'GET', url: '/v2' })).json()).toMatchObject({
      name: 'rul-api',
      extensions: [],
    });
    expect((await app.inject({ method: 'GET', url: '/v2/health/live' })).json()).toEqual({ live: true });
    expect((await app.inject({ method: 'GET', url: '/v2/health/ready' })).json()).toEqual({ ready: true });
  });

  it('model metadata by name and by version', async () => {
    const meta = (await app.inject({ method: 'GET', url: '/v2/models/rul-fixture' })).json();
    expect(meta).toMatchObject({
      name: 'rul-fixture',
      versions: ['0.0.1-test'],
      inputs: [{ name: 'readings', datatype: 'FP32', shape: [-1, 30, 24] }],
    });
    expect(meta.outputs.map((o: { name: string }) => o.name)).toEqual([
      'rul_median',
      'rul_lower',
      'rul_upper',
      'rul_quantiles',
    ]);
    const v = await app.inject({ method: 'GET', url: '/v2/models/rul-fixture/versions/0.0.1-test' });
    expect(v.json()).toEqual(meta);
    expect((await app.inject({ method: 'GET', url: '/v2/models/rul-fixture/ready' })).json()).toEqual({
      name: 'rul-fixture',
      ready: true,
    });
  });

  it('404 { error } for unknown models and versions', async () => {
    for (const url of [
      '/v2/models/nope',
      '/v2/models/rul-fixture/versions/9',
      '/v2/models/nope/ready',
      '/v2/nothing',
    ]) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: expect.any(String) });
    }
    const res = await infer(tensor(1), '/v2/models/nope/infer');
    expect(res.statusCode).toBe(404);
  });

  it('infers a raw FP32 tensor, matching /predict', async () => {
    const res = await infer(tensor(3));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ model_name: 'rul-fixture', model_version: '0.0.1-test', id: 'req-1' });
    const median = body.outputs.find((o: { name: string }) => o.name === 'rul_median');
    expect(median).toMatchObject({ datatype: 'FP32', shape: [3] });
    expect(body.outputs.find((o: { name: string }) => o.name === 'rul_quantiles').shape).toEqual([3, 7]);
    const viaPredict = (
      await app.inject({ method: 'POST', url: '/predict', payload: { cycles: syntheticHistory(30, 2) } })
    ).json();
    expect(median.data[1]).toBeCloseTo(viaPredict.rul, 2);
  });

  it('returns only the requested outputs', async () => {
    const res = await infer({ ...tensor(1), outputs: [{ name: 'rul_upper' }] });
    expect(res.json().outputs.map((o: { name: string }) => o.name)).toEqual(['rul_upper']);
    expect((await infer({ ...tensor(1), outputs: [{ name: 'bogus' }] })).json()).toEqual({
      error: expect.stringContaining("unknown output 'bogus'"),
    });
  });

  it.each([
    ['datatype', { datatype: 'FP64' }, /FP64.*FP32/],
    ['shape', { shape: [1, 29, 24] }, /expected \[batch >= 1, 30, 24\]/],
    ['element count', { shape: [2, 30, 24] }, /720 elements.*1440/],
    ['input name', { name: 'x' }, /unknown input 'x'/],
  ])('400 { error } for a bad %s', async (_what, over, message) => {
    const res = await infer(tensor(1, over));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: expect.stringMatching(message) });
  });

  it('400 { error } for schema violations', async () => {
    const res = await infer({ inputs: 'nope' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: expect.stringContaining('body.inputs') });
  });
});
