/**
 * The model registry on top of @rul/db's `models` table, and the hot swap of the served model.
 *
 * - Registry and activation (here): uploads are validated before they are stored; an activation
 *   unpacks, loads, golden-checks and warms up the target *before* the database switch, then the
 *   served generation is swapped in one assignment (requests in flight finish on the old one, which
 *   is closed once idle) and a `model` event tells the other replicas. Sync takes the same path.
 * - Bootstrap from the bundled model: bundled-model.ts.
 * - Polling (every MODEL_POLL_INTERVAL_MS, and on `model` events): registry-poll.ts.
 * - Training-job watching, stale-job reclaim and auto-promotion: training-job-watch.ts.
 */
import { join, resolve } from 'node:path';
import type { Model } from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';
import { AppError } from '../../../errors/app-error.js';
import { unpackModel } from '../../../registry/unpack-model.js';
import { unprocessable, validateUpload } from '../../../registry/validate-upload.js';
import { bundledModelBootstrap } from './bundled-model.js';
import { startRegistryPoll } from './registry-poll.js';
import { trainingJobWatch } from './training-job-watch.js';

export interface ModelRegistry {
  /** Validates (card schema, sha256, loads in ONNX Runtime, output shapes, golden examples) and stores as staged. */
  register(card: unknown, onnx: Uint8Array): Promise<Model>;
  activate(
    version: string,
    actor: string,
    reason?: string,
  ): Promise<{ version: string; previousVersion: string | null }>;
  rollback(actor: string, reason?: string): Promise<{ version: string; previousVersion: string }>;
  /** Serves whatever the database says is active (no-op when it already does). */
  sync(): Promise<void>;
  /** Resolves once the bundled model is registered and the active one is served. */
  readonly bootstrapped: Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    modelRegistry: ModelRegistry;
  }
}

export default fp<{ config: Config; autoload?: boolean }>(
  async (app, { config, autoload = true }) => {
    const { repos, model, fleetEvents } = app;
    const log = app.log.child({ component: 'model-registry' });
    const artifactDir = resolve(config.MODEL_ARTIFACT_DIR ?? join(config.DATA_DIR, 'models'));
    // Activations, rollbacks and syncs run one at a time in this replica.
    let chain: Promise<unknown> = Promise.resolve();
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = chain.then(fn, fn);
      chain = next.catch(() => undefined);
      return next;
    };

    /**
     * The one way a version gets served: load, golden-check and warm it up beside the served model,
     * run `commit` (the database switch, if any; the candidate is closed when it fails), then swap it
     * in and wait until the old generation has drained and closed.
     */
    async function switchTo<T>(version: string, commit: () => Promise<T>): Promise<T> {
      const { card, onnxPath } = await unpackModel(repos.models, artifactDir, version);
      const generation = await model.buildCandidate(card, onnxPath).catch((err: Error) => {
        throw unprocessable(`model ${version} cannot be served: ${err.message}`);
      });
      let result: T;
      try {
        result = await commit();
      } catch (err) {
        await generation.close();
        throw err;
      }
      await model.swap(generation);
      return result;
    }

    const sync = () =>
      serial(async () => {
        const active = await repos.models.getActive();
        if (!active || active.version === model.card?.version) return;
        log.info({ from: model.card?.version, to: active.version }, 'active model changed; switching');
        await switchTo(active.version, async () => undefined);
      });

    const activate: ModelRegistry['activate'] = (version, actor, reason) =>
      serial(async () => {
        const commit = () => repos.models.activate(version, { actor, ...(reason ? { reason } : {}) });
        const serving = model.card?.version === version;
        const result = serving ? await commit() : await switchTo(version, commit);
        if (!serving || result.previousVersion !== version)
          await fleetEvents.publish('model', { action: 'activate', ...result, actor });
        return result;
      });

    const bootstrap = bundledModelBootstrap({
      models: repos.models,
      model,
      modelDir: config.MODEL_DIR,
      sync,
      log,
    });

    const registry: ModelRegistry = {
      bootstrapped: bootstrap.bootstrapped,
      sync,
      activate,
      async register(cardInput, onnx) {
        const card = await validateUpload(cardInput, onnx);
        if (await repos.models.get(card.version)) {
          throw new AppError(409, 'MODEL_VERSION_EXISTS', `model version '${card.version}' already exists`);
        }
        const metrics = (card['metrics'] ?? {}) as Record<string, unknown>;
        return repos.models.register({ version: card.version, name: card.name, card, onnx, metrics });
      },
      async rollback(actor, reason) {
        const result = await serial(() => repos.models.rollback({ actor, ...(reason ? { reason } : {}) }));
        await sync();
        await fleetEvents.publish('model', { action: 'rollback', ...result, actor });
        return result;
      },
    };
    app.decorate('modelRegistry', registry);

    const watchJobs = trainingJobWatch({
      repos,
      fleetEvents,
      fleetMetrics: app.fleetMetrics,
      autoPromote: config.AUTO_PROMOTE,
      activate,
      log,
    });
    startRegistryPoll(app, {
      intervalMs: config.MODEL_POLL_INTERVAL_MS,
      autoload,
      bootstrap,
      sync,
      watchJobs,
      log,
      idle: () => chain,
    });
  },
  {
    name: 'model-registry',
    dependencies: ['database', 'model', 'fleet-events', 'fleet-metrics', 'readiness'],
    fastify: '5.x',
  },
);
