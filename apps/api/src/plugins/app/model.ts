/**
 * The served model as a plugin: `app.model` (a ModelService). Loading starts when the app is ready and
 * runs in the background, so the server can answer liveness while readiness stays 503 until the golden
 * check and warm-up are done.
 */
import fp from 'fastify-plugin';
import type { Config } from '../../config/schema.js';
import { ModelService } from './model/model-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    model: ModelService;
  }
}

export interface ModelPluginOptions {
  config: Config;
  /** Start loading on ready (default). Tests pass false to observe the not-loaded state. */
  autoload?: boolean;
}

export default fp<ModelPluginOptions>(
  async (app, { config, autoload = true }) => {
    const service = new ModelService({
      modelDir: config.MODEL_DIR,
      workers: config.INFERENCE_WORKERS,
      intraOpNumThreads: config.INFERENCE_THREADS,
      maxBatch: config.BATCH_MAX_SIZE,
      dispatchSize: config.BATCH_DISPATCH_SIZE,
      maxWaitMs: config.BATCH_MAX_WAIT_MS,
      maxQueue: config.QUEUE_MAX,
      metrics: app.metrics,
      log: app.log.child({ component: 'model' }),
    });
    app.decorate('model', service);
    app.readiness.register('model', () =>
      service.state === 'ready'
        ? { ok: true }
        : { ok: false, detail: service.error ?? `model is ${service.state}` },
    );
    if (autoload) app.addHook('onReady', async () => void service.load());
    app.addHook('onClose', async () => service.close());
  },
  { name: 'model', dependencies: ['metrics', 'readiness'], fastify: '5.x' },
);
