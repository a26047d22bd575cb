// Real buildApp + ONNX Runtime on the fixture model with a deliberately tiny queue; nothing is faked.
import { syntheticHistory } from '@rul/cmapss';
import { describe, expect, it } from 'vitest';
import { expectErrorShape } from './helpers/error-shape.js';
import { startApp } from './helpers/test-app.js';

describe('bounded inference queue', () => {
  it('refuses work beyond QUEUE_MAX with 503 + Retry-After and keeps serving', async () => {
    const app = await startApp({
      QUEUE_MAX: '4',
      BATCH_MAX_ENGINES: '4',
      BATCH_MAX_SIZE: '1',
      BATCH_MAX_WAIT_MS: '0',
    });
    const engines = Array.from({ length: 4 }, (_, i) => ({
      unit: String(i),
      cycles: syntheticHistory(30, i),
    }));
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        app.inject({ method: 'POST', url: '/predict/batch', payload: { engines } }),
      ),
    );
    const rejected = results.filter((r) => r.statusCode === 503);
    expect(rejected.length).toBeGreaterThan(0);
    expectErrorShape(rejected[0]!.json(), 503);
    expect(rejected[0]!.json().code).toBe('QUEUE_FULL');
    expect(rejected[0]!.headers['retry-after']).toBe('1');
    expect(results.filter((r) => r.statusCode === 200).length).toBeGreaterThan(0);
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(/rul_predictions_total\{model_version="0.0.1-test",outcome="rejected"\} [1-9]/);
    const after = await app.inject({
      method: 'POST',
      url: '/predict',
      payload: { cycles: syntheticHistory(30) },
    });
    expect(after.statusCode).toBe(200);
    await app.close();
  });
});
