/**
 * The model registry on top of @rul/db's `models` table, and the hot swap of the served models.
 * Versions are kept per model name: each name has one active version, served by its own slot of
 * the model catalog, and activating or rolling back a name leaves every other name alone.
 *
 * - Registry and activation (here): uploads are validated before they are stored; an activation
 *   unpacks, loads, golden-checks and warms up the target *before* the database switch, then the
 *   name's served generation is swapped in one assignment (requests in flight finish on the old
 *   one, which is closed once idle) and a `model` event tells the other replicas. Sync takes the
 *   same path for every name whose active version differs from what this replica serves.
 * - Bootstrap from the bundled models: bundled-model.ts.
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
  /** Makes `version` the active version of its name (the name's previous one is retired). */
  activate(
    version: string,
    actor: string,
    reason?: string,
  ): Promise<{ name: string; version: string; previousVersion: string | null }>;
  /** Re-activates the version of `name` that was active before its current one. */
  rollback(
    name: string,
    actor: string,
    reason?: string,
  ): Promise<{ name: string; version: string; previousVersion: string }>;
  /** Serves whatever the database says is active, name by name (no-op where it already does). */
  sync(): Promise<void>;
  /** Resolves once the bundled models are registered and every active version is served. */
  readonly bootstrapped: Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    modelRegistry: ModelRegistry;
  }
}

export default fp<{ config: Config; autoload?: boolean }>(
  async (app, { config, autoload = true }) => {
    const { repos, models: catalog, fleetEvents } = app;
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
     * The one way a version gets served: load, golden-check and warm it up beside the served version
     * of its name, run `commit` (the database switch, if any; the candidate is closed when it fails),
     * then swap it in and wait until the old generation has drained and closed.
     */
    async function switchTo<T>(version: string, commit: () => Promise<T>): Promise<T> {
      const { card, onnxPath } = await unpackModel(repos.models, artifactDir, version);
      const model = catalog.slot(card.name);
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

    const servedVersion = (name: string) => {
      const slot = catalog.get(name);
      return slot?.state === 'ready' ? slot.card?.version : undefined;
    };

    // One name failing to switch (say, a version that no longer loads) leaves the others switching.
    const sync = () =>
      serial(async () => {
        let failure: unknown;
        for (const active of await repos.models.listActive()) {
          const serving = servedVersion(active.name);
          if (active.version === serving) continue;
          log.info(
            { name: active.name, from: serving, to: active.version },
            'active model changed; switching',
          );
          await switchTo(active.version, async () => undefined).catch((err: unknown) => {
            log.error({ err, name: active.name, version: active.version }, 'switching model failed');
            failure ??= err;
          });
        }
        if (failure) throw failure;
      });

    const activate: ModelRegistry['activate'] = (version, actor, reason) =>
      serial(async () => {
        const commit = () => repos.models.activate(version, { actor, ...(reason ? { reason } : {}) });
        const target = await repos.models.get(version);
        const serving = target !== null && servedVersion(target.name) === version;
        const result = serving ? await commit() : await switchTo(version, commit);
        if (!serving || result.previousVersion !== version)
          await fleetEvents.publish('model', { action: 'activate', ...result, actor });
        return result;
      });

    const bootstrap = bundledModelBootstrap({ models: repos.models, catalog, sync, log });

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
      async rollback(name, actor, reason) {
        const result = await serial(() =>
          repos.models.rollback(name, { actor, ...(reason ? { reason } : {}) }),
        );
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
