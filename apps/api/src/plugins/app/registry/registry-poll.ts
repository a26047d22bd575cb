/**
 * The registry's clock. Every MODEL_POLL_INTERVAL_MS the active version is re-read (so activations
 * made elsewhere, by another replica whose event was missed or by auto-promotion, are picked up) and
 * training jobs are watched; until the bundled model is bootstrapped, the poll retries that instead
 * of syncing. A `model` event from another replica syncs at once.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { BundledModelBootstrap } from './bundled-model.js';

export interface RegistryPollOptions {
  intervalMs: number;
  /** The model loads on ready; bootstrap as soon as it has. */
  autoload: boolean;
  bootstrap: BundledModelBootstrap;
  sync: () => Promise<void>;
  watchJobs: () => Promise<void>;
  /** Settles when no activation, rollback or sync is running (awaited on close). */
  idle: () => Promise<unknown>;
  log: FastifyBaseLogger;
}

export function startRegistryPoll(app: FastifyInstance, options: RegistryPollOptions): void {
  const { bootstrap, sync, watchJobs, log } = options;
  const stopListening = app.fleetEvents.listen((event) => {
    if (event.type === 'model')
      void sync().catch((err) => log.warn({ err }, 'model switch from event failed'));
  });
  let timer: NodeJS.Timeout | undefined;
  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      if (!bootstrap.done) await bootstrap.attempt();
      else await sync();
      await watchJobs();
    } catch (err) {
      log.warn({ err }, 'model registry poll failed');
    } finally {
      ticking = false;
    }
  };
  app.addHook('onReady', async () => {
    // With autoload the models are loading already; load() only hands back that promise.
    if (options.autoload) void app.models.load().then(bootstrap.attempt);
    timer = setInterval(() => void tick(), options.intervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    clearInterval(timer);
    stopListening();
    await options.idle();
  });
}
