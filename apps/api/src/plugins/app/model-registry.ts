/**
 * The model registry on top of @rul/db's `models` table, and the hot swap of the served model.
 *
 * - First start: the bundled model (MODEL_DIR) is registered, and activated when nothing is active.
 * - Activation: the target is unpacked, loaded, golden-checked and warmed up *before* the database
 *   switch; then the served generation is swapped in one assignment (requests in flight finish on the
 *   old one, which is closed once idle) and a `model` event tells the other replicas.
 * - Every MODEL_POLL_INTERVAL_MS the active version is re-read, so activations made elsewhere (another
 *   replica whose event was missed, the training worker's auto-promotion) are picked up; the same
 *   tick watches training jobs: counts finished ones, emits `training` events, reclaims stale jobs and,
 *   with AUTO_PROMOTE, activates a freshly trained model whose validation RMSE beats the active one.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Model, TrainingJob } from '@rul/db';
import fp from 'fastify-plugin';
import { Value } from 'typebox/value';
import type { Config } from '../../config/schema.js';
import { AppError, notFound } from '../../errors/app-error.js';
import { loadModelCard, ModelCardSchema, type ModelCard } from './model/model-card.js';
import { unprocessable, validateUpload, validationRmse } from './model-registry-upload.js';

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

const STALE_JOB_SECONDS = 300;
/** The actor name of the registry's own activations of the bundled default model. */
const BOOTSTRAP = 'bootstrap';

export default fp<{ config: Config; autoload?: boolean }>(
  async (app, { config, autoload = true }) => {
    const { repos, model, fleetEvents } = app;
    const log = app.log.child({ component: 'model-registry' });
    const artifactDir = resolve(config.MODEL_ARTIFACT_DIR ?? join(config.DATA_DIR as string, 'models'));
    // Activations, rollbacks and syncs run one at a time in this replica.
    let chain: Promise<unknown> = Promise.resolve();
    const serial = <T>(fn: () => Promise<T>): Promise<T> => {
      const next = chain.then(fn, fn);
      chain = next.catch(() => undefined);
      return next;
    };

    async function unpack(version: string): Promise<{ card: ModelCard; onnxPath: string }> {
      const row = await repos.models.get(version);
      if (!row) throw notFound(`model version '${version}' does not exist`);
      const issue = Value.Errors(ModelCardSchema, row.card)[0];
      if (issue)
        throw unprocessable(
          `stored card of ${version} is invalid at ${issue.instancePath || '/'}: ${issue.message}`,
        );
      const card = row.card as ModelCard;
      if (!row.hasOnnx && row.artifactPath) return { card, onnxPath: resolve(row.artifactPath) };
      // Named by content hash (plus a readable, sanitised version), never by raw user input.
      const dir = join(artifactDir, `${row.sha256.slice(0, 16)}-${version.replace(/[^A-Za-z0-9_-]/g, '_')}`);
      const onnxPath = join(dir, 'model.onnx');
      const existing = await readFile(onnxPath).catch(() => undefined);
      if (!existing || createHash('sha256').update(existing).digest('hex') !== row.sha256) {
        const bytes = await repos.models.getArtifact(version);
        if (!bytes) throw unprocessable(`model ${version} has neither stored bytes nor an artifact path`);
        await mkdir(dir, { recursive: true });
        await writeFile(onnxPath, bytes);
        await writeFile(join(dir, 'model-card.json'), JSON.stringify(row.card, null, 2));
      }
      return { card, onnxPath };
    }

    async function loadAndSwap(version: string): Promise<void> {
      const { card, onnxPath } = await unpack(version);
      const generation = await model.buildCandidate(card, onnxPath).catch((err: Error) => {
        throw unprocessable(`model ${version} cannot be served: ${err.message}`);
      });
      await model.swap(generation);
    }

    const sync = () =>
      serial(async () => {
        const active = await repos.models.getActive();
        if (!active || active.version === model.card?.version) return;
        log.info({ from: model.card?.version, to: active.version }, 'active model changed; switching');
        await loadAndSwap(active.version);
      });

    async function bootstrap(): Promise<void> {
      if (model.state !== 'ready') return;
      const { card, onnxBytes } = await loadModelCard(config.MODEL_DIR as string);
      if (!(await repos.models.get(card.version))) {
        await repos.models
          .register({
            version: card.version,
            name: card.name,
            card,
            onnx: onnxBytes,
            metrics: (card['metrics'] ?? {}) as Record<string, unknown>,
          })
          .catch((err: { code?: string }) => {
            if (err.code !== 'MODEL_VERSION_EXISTS') throw err; // another replica was first
          });
      }
      const active = await repos.models.getActive();
      if (!active) {
        await repos.models.activate(card.version, { actor: BOOTSTRAP, reason: 'bundled default model' });
      } else if (active.version !== card.version && (await followsBundledDefault(active, card))) {
        await repos.models.activate(card.version, {
          actor: BOOTSTRAP,
          reason: `bundled default model updated (was ${active.version})`,
        });
      }
      await sync();
    }

    /**
     * A newer bundled default replaces the active model only while nobody chose that one: the last
     * switch was the bootstrap's own, and the bundled card is newer (so during a rolling upgrade an
     * old replica restarting never takes the fleet back to its older bundled model).
     */
    async function followsBundledDefault(
      active: { version: string; card: Record<string, unknown> },
      bundled: ModelCard,
    ) {
      const [last] = await repos.models.listActivations(1);
      if (!last || last.actor !== BOOTSTRAP || last.version !== active.version) return false;
      const activeCreated = Date.parse(String(active.card['createdAt']));
      const bundledCreated = Date.parse(String(bundled['createdAt']));
      return (
        Number.isFinite(bundledCreated) && (!Number.isFinite(activeCreated) || bundledCreated > activeCreated)
      );
    }

    let bootstrapDone = false;
    let resolveBoot!: () => void;
    const bootstrapped = new Promise<void>((r) => (resolveBoot = r));
    const tryBootstrap = async () => {
      if (bootstrapDone) return;
      try {
        await bootstrap();
        if (model.state === 'ready') {
          bootstrapDone = true;
          resolveBoot();
        }
      } catch (err) {
        log.warn({ err }, 'model registry bootstrap failed; retrying on the next poll');
      }
    };

    // Training jobs seen finished; the first poll only takes a baseline (no counting, no promotion).
    const finished = new Set<string>();
    const lastEpoch = new Map<string, number>();
    let baseline = false;

    async function maybePromote(job: TrainingJob): Promise<void> {
      if (!config.AUTO_PROMOTE || !job.modelVersion) return;
      const candidate = await repos.models.get(job.modelVersion);
      if (!candidate || candidate.status !== 'staged') return;
      const active = await repos.models.getActive();
      const candidateRmse =
        validationRmse(job.metrics) ??
        validationRmse(candidate.metrics) ??
        validationRmse(candidate.card['metrics']);
      const activeRmse = active
        ? (validationRmse(active.card['metrics']) ?? validationRmse(active.metrics))
        : undefined;
      const better = candidateRmse !== undefined && (activeRmse === undefined || candidateRmse < activeRmse);
      log.info(
        { job: job.id, candidate: job.modelVersion, candidateRmse, activeRmse, better },
        'auto-promotion decision',
      );
      if (better) {
        await registry.activate(
          job.modelVersion,
          'auto-promote',
          `validation RMSE ${candidateRmse} < ${activeRmse ?? 'none'} (job ${job.id})`,
        );
      }
    }

    async function watchJobs(): Promise<void> {
      await repos.trainingJobs.reclaimStale({ timeoutSeconds: STALE_JOB_SECONDS });
      const jobs = await repos.trainingJobs.list({ limit: 100 });
      for (const job of jobs) {
        const done = job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
        if (job.status === 'running' && job.progress && lastEpoch.get(job.id) !== job.progress.epoch) {
          lastEpoch.set(job.id, job.progress.epoch);
          if (baseline)
            fleetEvents.emitLocal('training', { id: job.id, status: job.status, progress: job.progress });
        }
        if (!done || finished.has(job.id)) continue;
        finished.add(job.id);
        lastEpoch.delete(job.id);
        if (!baseline) continue;
        if (job.status !== 'cancelled') app.fleetMetrics.trainingJobs.inc({ status: job.status });
        fleetEvents.emitLocal('training', {
          id: job.id,
          status: job.status,
          modelVersion: job.modelVersion,
          metrics: job.metrics,
          error: job.error,
        });
        if (job.status === 'succeeded') await maybePromote(job);
      }
      baseline = true;
    }

    const registry: ModelRegistry = {
      bootstrapped,
      sync,
      async register(cardInput, onnx) {
        const card = await validateUpload(cardInput, onnx);
        if (await repos.models.get(card.version)) {
          throw new AppError(409, 'MODEL_VERSION_EXISTS', `model version '${card.version}' already exists`);
        }
        const metrics = (card['metrics'] ?? {}) as Record<string, unknown>;
        return repos.models.register({ version: card.version, name: card.name, card, onnx, metrics });
      },
      activate(version, actor, reason) {
        return serial(async () => {
          if (model.card?.version !== version) {
            const { card, onnxPath } = await unpack(version);
            const generation = await model.buildCandidate(card, onnxPath).catch((err: Error) => {
              throw unprocessable(`model ${version} cannot be served: ${err.message}`);
            });
            let result;
            try {
              result = await repos.models.activate(version, { actor, ...(reason ? { reason } : {}) });
            } catch (err) {
              await generation.close();
              throw err;
            }
            void model.swap(generation);
            await fleetEvents.publish('model', { action: 'activate', ...result, actor });
            return result;
          }
          const result = await repos.models.activate(version, { actor, ...(reason ? { reason } : {}) });
          if (result.previousVersion !== version)
            await fleetEvents.publish('model', { action: 'activate', ...result, actor });
          return result;
        });
      },
      async rollback(actor, reason) {
        const result = await serial(() => repos.models.rollback({ actor, ...(reason ? { reason } : {}) }));
        await sync();
        await fleetEvents.publish('model', { action: 'rollback', ...result, actor });
        return result;
      },
    };
    app.decorate('modelRegistry', registry);

    const stopListening = fleetEvents.listen((event) => {
      if (event.type === 'model')
        void sync().catch((err) => log.warn({ err }, 'model switch from event failed'));
    });
    let timer: NodeJS.Timeout | undefined;
    let ticking = false;
    const tick = async () => {
      if (ticking) return;
      ticking = true;
      try {
        if (!bootstrapDone) await tryBootstrap();
        else await sync();
        await watchJobs();
      } catch (err) {
        log.warn({ err }, 'model registry poll failed');
      } finally {
        ticking = false;
      }
    };
    app.addHook('onReady', async () => {
      // With autoload the model is loading already; load() only hands back that promise.
      if (autoload) void model.load().then(tryBootstrap);
      timer = setInterval(() => void tick(), config.MODEL_POLL_INTERVAL_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearInterval(timer);
      stopListening();
      await chain;
    });
  },
  {
    name: 'model-registry',
    dependencies: ['database', 'model', 'fleet-events', 'fleet-metrics', 'readiness'],
    fastify: '5.x',
  },
);
