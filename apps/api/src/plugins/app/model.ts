/**
 * The served models as a plugin: `app.models` (a ModelCatalog: every model by name) and `app.model`
 * (the default one). Loading starts when the app is ready and runs in the background, so the server
 * can answer liveness while readiness stays 503 until every bundled model is golden-checked and warm.
 */
import fp from 'fastify-plugin';
import type { Config } from '../../config/schema.js';
import { ModelCatalog } from './model/model-catalog.js';
import type { ModelService } from './model/model-service.js';

declare module 'fastify' {
  interface FastifyInstance {
    models: ModelCatalog;
    /** The default model (MODEL_DIR). */
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
    const catalog = new ModelCatalog({
      modelDir: config.MODEL_DIR,
      extraModelDirs: config.EXTRA_MODEL_DIRS,
      preference: config.MODEL_PREFERENCE,
      workers: config.INFERENCE_WORKERS,
      intraOpNumThreads: config.INFERENCE_THREADS,
      maxBatch: config.BATCH_MAX_SIZE,
      dispatchSize: config.BATCH_DISPATCH_SIZE,
      maxWaitMs: config.BATCH_MAX_WAIT_MS,
      maxQueue: config.QUEUE_MAX,
      metrics: app.metrics,
      log: app.log.child({ component: 'model' }),
    });
    app.decorate('models', catalog);
    app.decorate('model', catalog.default);
    app.readiness.register('model', () => {
      if (catalog.ready) return { ok: true };
      const d = catalog.default;
      if (d.state !== 'ready') return { ok: false, detail: d.error ?? `model is ${d.state}` };
      return { ok: false, detail: 'bundled models are loading' };
    });
    if (autoload) app.addHook('onReady', async () => void catalog.load());
    app.addHook('onClose', async () => catalog.close());
  },
  { name: 'model', dependencies: ['metrics', 'readiness'], fastify: '5.x' },
);
