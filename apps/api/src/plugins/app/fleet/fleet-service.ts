/**
 * The fleet's write path: store telemetry durably, then predict on the engine's last `window` cycles
 * (through the prediction cache and the shared micro-batcher) with the model the engine is judged by
 * (its own, or the one its operating conditions fit best), record the prediction and publish events.
 * Telemetry is acknowledged only after COMMIT; a failure after that (model busy, cache away) never
 * un-acknowledges it.
 */
import { predictionCacheKey } from '@rul/cache';
import type { Cycle } from '@rul/cmapss';
import { UNJUDGED_WARNINGS, type Engine, type EngineStatus, type IngestResult } from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';
import { AppError } from '../../../errors/app-error.js';
import { packCycles } from '../../../predict-body/packed-history.js';
import { unknownModel } from '../model/model-routing.js';
import type { Prediction } from '../predictor.js';
import { bulkIngest, type BulkEngine, type BulkIngestOptions, type BulkOutcome } from './fleet-bulk.js';
import { isRecorded, lastWindowOf, predictionEvents, toNewPrediction } from './fleet-predictions.js';

/**
 * Part of every prediction cache key: bump it when the shape of a Prediction changes (2: warnings
 * became coded objects), so a shared cache never hands a new release an entry of the old shape.
 */
const CACHED_PREDICTION_SHAPE = 2;

export interface IngestOutcome extends IngestResult {
  engine: { id: string; status: EngineStatus; lastCycle: number };
  prediction: Prediction | null;
}

export interface IngestOptions {
  /** The model a new engine is judged by (by name); an existing engine must already have it. */
  model?: string | undefined;
  /** Names `model` in errors (default `model`). */
  modelField?: string;
}

export interface FleetService {
  /** Stores cycles for one engine (idempotent per cycle) and predicts from its latest window. */
  ingest(engineId: string, cycles: Cycle[], options?: IngestOptions): Promise<IngestOutcome>;
  /**
   * Stores many engines' cycles in one transaction (outcomes in order, each engine all-or-nothing) and
   * re-predicts every engine that stored cycles with one predictor call.
   */
  ingestMany(engines: readonly BulkEngine[], options?: BulkIngestOptions): Promise<BulkOutcome[]>;
  /**
   * Predicts from the stored history (or `latest`, when it is exactly the engine's last window), records
   * it when new and publishes events; null without data.
   */
  refreshPrediction(engineId: string, before?: Engine | null, latest?: Cycle[]): Promise<Prediction | null>;
  /** Throws a 422 naming `field` unless a model of that name is served. */
  checkServed(name: string, field: string): void;
  /** The status the fleet reports (as its SQL derives it): 'unknown' for a prediction the model could not judge. */
  statusOf(rul: number | null, failed: boolean, warnings?: readonly string[]): EngineStatus;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleet: FleetService;
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { repos, cache, models, fleetEvents, fleetMetrics } = app;
    const ttl = config.PREDICTION_CACHE_TTL_SECONDS;

    const statusOf = (
      rul: number | null,
      failed: boolean,
      warnings: readonly string[] = [],
    ): EngineStatus => {
      if (failed) return 'failed';
      if (rul === null || warnings.some((code) => UNJUDGED_WARNINGS.includes(code))) return 'unknown';
      if (rul <= config.RUL_CRITICAL_THRESHOLD) return 'critical';
      if (rul <= config.RUL_WARNING_THRESHOLD) return 'warning';
      return 'healthy';
    };

    const checkServed = (name: string, field: string): void => {
      const served = models.served();
      if (!served.some((m) => m.card.name === name)) throw unknownModel(name, field, served);
    };

    /**
     * What decides an engine's prediction besides its cycles: its own model's version, or, for an
     * engine judged by whichever model fits, every version served (any swap may change the choice).
     */
    const modelKey = (name: string | null): string =>
      name !== null
        ? `${name}@${models.get(name)?.card?.version ?? 'none'}`
        : `fit:${[...models.servingVersions()].sort().join(',')}`;

    async function predictCached(
      engineId: string,
      cycles: Cycle[],
      name: string | null,
    ): Promise<Prediction> {
      const versions = modelKey(name);
      const key = predictionCacheKey(versions, {
        shape: CACHED_PREDICTION_SHAPE,
        cycles: cycles.map((c) => [c.cycle, c.settings, c.sensors]),
      });
      const hit = await cache.get<Prediction>(key).catch(() => undefined);
      if (hit) return { ...hit, unit: engineId };
      // Read at call time: tests swap the decorator to watch the calls.
      const [prediction] = await app.predictor.predict([packCycles(engineId, cycles)], undefined, {
        ...(name === null ? {} : { model: name }),
        modelPath: () => `engine ${engineId} model`,
      });
      const p = prediction as Prediction;
      // Only cache what the versions in the key produced (a swap may have happened meanwhile).
      if (modelKey(name) === versions) await cache.set(key, p, ttl).catch(() => undefined);
      return p;
    }

    /** Cycles the engine's prediction reads: its model's window, or the widest of those it may get. */
    const windowFor = (name: string | null): number | undefined => {
      if (name !== null) return models.get(name)?.card?.window;
      const windows = models.served().map((m) => m.card.window);
      return windows.length ? Math.max(...windows) : undefined;
    };

    async function refreshPrediction(
      engineId: string,
      before?: Engine | null,
      latest?: Cycle[],
    ): Promise<Prediction | null> {
      const previous = before === undefined ? await repos.engines.get(engineId) : before;
      const name = previous?.model ?? null;
      const window = windowFor(name);
      if (window === undefined) return null;
      let cycles = latest?.length === window ? latest : undefined;
      if (!cycles) {
        const stored = await repos.telemetry.lastCycles(engineId, window);
        cycles = stored.map(({ cycle, settings, sensors }) => ({ cycle, settings, sensors }));
      }
      if (cycles.length === 0) return null;
      const prediction = await predictCached(engineId, cycles, name);
      if (!isRecorded(previous, prediction)) {
        await repos.predictions.record(toNewPrediction(engineId, prediction));
        for (const { type, data } of predictionEvents(engineId, previous, prediction, statusOf)) {
          await fleetEvents.publish(type, data);
        }
      }
      return prediction;
    }

    async function ingest(
      engineId: string,
      cycles: Cycle[],
      options: IngestOptions = {},
    ): Promise<IngestOutcome> {
      const field = options.modelField ?? 'model';
      let before = await repos.engines.get(engineId);
      if (options.model !== undefined) {
        if (before && before.model !== options.model) {
          throw new AppError(
            409,
            'ENGINE_MODEL_DIFFERS',
            `${field}: engine '${engineId}' is judged by ${before.model === null ? 'the model that fits its history' : `model '${before.model}'`}, not '${options.model}'; change it with PUT /engines/${engineId}/model`,
          );
        }
        if (!before) {
          checkServed(options.model, field);
          await repos.engines.ensure(engineId, { model: options.model });
          before = await repos.engines.get(engineId);
        }
      }
      if (before?.status === 'failed') {
        throw new AppError(
          409,
          'ENGINE_FAILED',
          `engine '${engineId}' failed at cycle ${before.failedAtCycle}; it takes no more telemetry`,
        );
      }
      let result: IngestResult;
      try {
        result = await repos.telemetry.ingest(engineId, cycles);
      } catch (err) {
        const conflicts = (err as { cycles?: number[] }).cycles;
        if (Array.isArray(conflicts))
          fleetMetrics.telemetryCycles.inc({ outcome: 'conflict' }, conflicts.length);
        throw err;
      }
      if (result.stored) fleetMetrics.telemetryCycles.inc({ outcome: 'stored' }, result.stored);
      if (result.duplicates) fleetMetrics.telemetryCycles.inc({ outcome: 'duplicate' }, result.duplicates);

      let prediction: Prediction | null = null;
      try {
        prediction = await refreshPrediction(
          engineId,
          before,
          lastWindowOf(cycles, result.lastCycle, windowFor(before?.model ?? null)),
        );
      } catch (err) {
        // The readings are committed; a prediction that could not be made or recorded now is made
        // again on the engine's next readings.
        app.log.warn({ err, engine: engineId }, 'telemetry stored, prediction skipped');
      }
      const latest = prediction
        ? { rul: prediction.rul, warnings: prediction.warnings.map((w) => w.code) }
        : { rul: before?.prediction?.rul ?? null, warnings: before?.prediction?.warnings ?? [] };
      return {
        ...result,
        engine: {
          id: engineId,
          status: statusOf(latest.rul, false, latest.warnings),
          lastCycle: result.lastCycle,
        },
        prediction,
      };
    }

    const ingestMany = bulkIngest({ app, windowFor, statusOf });
    app.decorate('fleet', { ingest, ingestMany, refreshPrediction, statusOf, checkServed });
  },
  {
    name: 'fleet',
    dependencies: ['database', 'cache', 'predictor', 'model', 'fleet-events', 'fleet-metrics'],
    fastify: '5.x',
  },
);
