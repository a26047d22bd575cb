// Real buildApp + ONNX Runtime on the fixture model and its own prom-client Registry; nothing is faked.
import { syntheticHistory } from '@rul/cmapss';
import { describe, expect, it } from 'vitest';
import { startApp } from './helpers/test-app.js';

// Names from docs/architecture.md section 4 that this service owns (fleet metrics come later).
const NAMES = [
  'http_request_duration_seconds_bucket',
  'http_requests_in_flight',
  'rul_predictions_total',
  'rul_inference_duration_seconds_bucket',
  'rul_batch_size_bucket',
  'rul_inference_queue_depth',
  'rul_predicted_rul_cycles_bucket',
  'rul_interval_width_cycles_bucket',
  'rul_prediction_warnings_total',
  'rul_model_info',
  'rul_model_ready',
  'rul_model_golden_check_ok',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_seconds',
];

describe('GET /metrics', () => {
  it('exposes the contract names with the right labels after traffic', async () => {
    const app = await startApp();
    await app.inject({ method: 'POST', url: '/predict', payload: { cycles: syntheticHistory(30) } });
    await app.inject({ method: 'POST', url: '/predict', payload: { cycles: [] } });
    await app.inject({ method: 'POST', url: '/predict', payload: { cycles: syntheticHistory(10) } });
    await app.inject({ method: 'GET', url: '/nowhere/123' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    for (const name of NAMES) expect(res.body, name).toContain(`${name}`);
    expect(res.body).toContain('rul_model_info{name="rul-fixture",version="0.0.1-test"} 1');
    expect(res.body).toContain('rul_model_golden_check_ok{version="0.0.1-test"} 1');
    expect(res.body).toContain('rul_model_ready 1');
    expect(res.body).toContain('rul_predictions_total{model_version="0.0.1-test",outcome="ok"} 2');
    expect(res.body).toContain('rul_prediction_warnings_total{code="SHORT_HISTORY"} 1');
    expect(res.body).toContain('rul_predictions_total{model_version="0.0.1-test",outcome="invalid"} 1');
    expect(res.body).toMatch(
      /http_request_duration_seconds_count\{method="POST",route="\/predict",status_code="200"\} 2/,
    );
    expect(res.body).toMatch(/route="unmatched",status_code="404"/);
    expect(res.body).not.toContain('/nowhere/123');
    await app.close();
  });

  it('gives each app instance its own registry', async () => {
    const [a, b] = await Promise.all([
      startApp({}, { autoloadModel: false }),
      startApp({}, { autoloadModel: false }),
    ]);
    expect(a.metrics.registry).not.toBe(b.metrics.registry);
    await Promise.all([a.close(), b.close()]);
  });
});
