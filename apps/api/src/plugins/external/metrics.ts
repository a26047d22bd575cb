/**
 * Prometheus metrics with the exact names from docs/architecture.md section 4 (dashboards and alert
 * rules depend on them). Each app instance owns its Registry so tests and parallel apps don't clash.
 * Fleet metrics (rul_engines, telemetry, drift, training jobs) are added by their own plugins later.
 */
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface AppMetrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  httpInFlight: Gauge;
  predictions: Counter<'model_version' | 'outcome'>;
  inferenceDuration: Histogram<'model_version'>;
  batchSize: Histogram;
  queueDepth: Gauge;
  predictedRul: Histogram<'model_version'>;
  intervalWidth: Histogram<'model_version'>;
  predictionWarnings: Counter<'code'>;
  modelInfo: Gauge<'name' | 'version'>;
  modelReady: Gauge;
  goldenCheckOk: Gauge<'version'>;
}

export type PredictionOutcome = 'ok' | 'invalid' | 'error' | 'rejected';

declare module 'fastify' {
  interface FastifyInstance {
    metrics: AppMetrics;
  }
  interface FastifyRequest {
    metricsStart?: bigint;
  }
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const RUL_BUCKETS = [5, 10, 20, 30, 40, 50, 75, 100, 125, 150, 200, 300];

function createMetrics(): AppMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    httpDuration: new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request duration by route template and status code',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    httpInFlight: new Gauge({ name: 'http_requests_in_flight', help: 'Requests being served', registers }),
    predictions: new Counter({
      name: 'rul_predictions_total',
      help: 'Predictions by model version and outcome (ok, invalid, error, rejected)',
      labelNames: ['model_version', 'outcome'],
      registers,
    }),
    inferenceDuration: new Histogram({
      name: 'rul_inference_duration_seconds',
      help: 'ONNX Runtime time per micro-batch',
      labelNames: ['model_version'],
      buckets: LATENCY_BUCKETS,
      registers,
    }),
    batchSize: new Histogram({
      name: 'rul_batch_size',
      help: 'Windows per ONNX Runtime run',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
      registers,
    }),
    queueDepth: new Gauge({
      name: 'rul_inference_queue_depth',
      help: 'Windows waiting for inference that no worker holds yet',
      registers,
    }),
    predictedRul: new Histogram({
      name: 'rul_predicted_rul_cycles',
      help: 'Predicted remaining useful life',
      labelNames: ['model_version'],
      buckets: RUL_BUCKETS,
      registers,
    }),
    intervalWidth: new Histogram({
      name: 'rul_interval_width_cycles',
      help: 'Width of the prediction interval',
      labelNames: ['model_version'],
      buckets: RUL_BUCKETS,
      registers,
    }),
    predictionWarnings: new Counter({
      name: 'rul_prediction_warnings_total',
      help: 'Warnings attached to predictions, by code (SETTINGS_OUT_OF_RANGE, READINGS_OUT_OF_RANGE, SHORT_HISTORY, HORIZON_BEYOND_MAX_RUL)',
      labelNames: ['code'],
      registers,
    }),
    modelInfo: new Gauge({
      name: 'rul_model_info',
      help: 'Loaded model (always 1)',
      labelNames: ['name', 'version'],
      registers,
    }),
    modelReady: new Gauge({
      name: 'rul_model_ready',
      help: '1 when the model is loaded and verified',
      registers,
    }),
    goldenCheckOk: new Gauge({
      name: 'rul_model_golden_check_ok',
      help: '1 when ONNX Runtime reproduced the model card golden outputs',
      labelNames: ['version'],
      registers,
    }),
  };
}

export default fp(
  async (app) => {
    const metrics = createMetrics();
    metrics.modelReady.set(0);
    app.decorate('metrics', metrics);

    app.addHook('onRequest', async (request) => {
      request.metricsStart = process.hrtime.bigint();
      metrics.httpInFlight.inc();
    });
    const finish = (request: { metricsStart?: bigint }): boolean => {
      if (request.metricsStart === undefined) return false;
      metrics.httpInFlight.dec();
      return true;
    };
    app.addHook('onResponse', async (request, reply) => {
      const start = request.metricsStart;
      if (!finish(request) || start === undefined) return;
      request.metricsStart = undefined;
      // Unmatched URLs share one label so scanners can't blow up the series count.
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpDuration.observe(
        { method: request.method, route, status_code: String(reply.statusCode) },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    });
    app.addHook('onRequestAbort', async (request) => {
      if (finish(request)) request.metricsStart = undefined;
    });
    app.addHook('onClose', async () => metrics.registry.clear());
  },
  { name: 'metrics', fastify: '5.x' },
);
