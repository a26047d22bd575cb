/**
 * The fleet's write path: store telemetry durably, then predict on the engine's last `window` cycles
 * (through the prediction cache and the shared micro-batcher), record the prediction and publish
 * events. Telemetry is acknowledged only after COMMIT; a failure after that (model busy, cache away)
 * never un-acknowledges it.
 */
import { predictionCacheKey } from '@rul/cache';
import type { Cycle } from '@rul/cmapss';
import { UNJUDGED_WARNINGS, type Engine, type EngineStatus, type IngestResult } from '@rul/db';
import fp from 'fastify-plugin';
import type { Config } from '../../../config/schema.js';
import { AppError } from '../../../errors/app-error.js';
import { packCycles } from '../../../predict-body/packed-history.js';
import type { Prediction } from '../predictor.js';

/**
 * Part of every prediction cache key: bump it when the shape of a Prediction changes (2: warnings
 * became coded objects), so a shared cache never hands a new release an entry of the old shape.
 */
const CACHED_PREDICTION_SHAPE = 2;

export interface IngestOutcome extends IngestResult {
  engine: { id: string; status: EngineStatus; lastCycle: number };
  prediction: Prediction | null;
}

export interface FleetService {
  /** Stores cycles for one engine (idempotent per cycle) and predicts from its latest window. */
  ingest(engineId: string, cycles: Cycle[]): Promise<IngestOutcome>;
  /**
   * Predicts from the stored history (or `latest`, when it is exactly the engine's last window), records
   * it when new and publishes events; null without data.
   */
  refreshPrediction(engineId: string, before?: Engine | null, latest?: Cycle[]): Promise<Prediction | null>;
  /** The status the fleet reports (as its SQL derives it): 'unknown' for a prediction the model could not judge. */
  statusOf(rul: number | null, failed: boolean, warnings?: readonly string[]): EngineStatus;
}

declare module 'fastify' {
  interface FastifyInstance {
    fleet: FleetService;
  }
}

/**
 * The request's own last `window` cycles when they are exactly what the database now holds as the
 * engine's last window (consecutive and ending at its last cycle), saving a read; else undefined.
 */
function lastWindowOf(cycles: Cycle[], lastCycle: number, window?: number): Cycle[] | undefined {
  if (window === undefined || cycles.length < window) return undefined;
  const tail = cycles.slice(-window);
  if (tail.at(-1)?.cycle !== lastCycle) return undefined;
  return tail.every((c, i) => i === 0 || c.cycle === (tail[i - 1] as Cycle).cycle + 1) ? tail : undefined;
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const { repos, cache, predictor, model, fleetEvents, fleetMetrics } = app;
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

    async function predictCached(engineId: string, cycles: Cycle[]): Promise<Prediction> {
      const version = model.version;
      const key = predictionCacheKey(version, {
        shape: CACHED_PREDICTION_SHAPE,
        cycles: cycles.map((c) => [c.cycle, c.settings, c.sensors]),
      });
      const hit = await cache.get<Prediction>(key).catch(() => undefined);
      if (hit) return { ...hit, unit: engineId };
      const [prediction] = await predictor.predict([packCycles(engineId, cycles)]);
      const p = prediction as Prediction;
      // Only cache what the version in the key produced (a swap may have happened meanwhile).
      if (p.model.version === version) await cache.set(key, p, ttl).catch(() => undefined);
      return p;
    }

    async function refreshPrediction(
      engineId: string,
      before?: Engine | null,
      latest?: Cycle[],
    ): Promise<Prediction | null> {
      const card = model.card;
      if (model.state !== 'ready' || !card) return null;
      let cycles = latest;
      if (!cycles) {
        const stored = await repos.telemetry.lastCycles(engineId, card.window);
        cycles = stored.map(({ cycle, settings, sensors }) => ({ cycle, settings, sensors }));
      }
      if (cycles.length === 0) return null;
      const prediction = await predictCached(engineId, cycles);
      const previous = before === undefined ? await repos.engines.get(engineId) : before;
      const same =
        previous?.prediction &&
        previous.prediction.cycle === prediction.lastCycle &&
        previous.prediction.modelVersion === prediction.model.version;
      if (!same) {
        const codes = prediction.warnings.map((w) => w.code);
        await repos.predictions.record({
          engineId,
          cycle: prediction.lastCycle,
          rul: prediction.rul,
          lower: prediction.interval.lower,
          upper: prediction.interval.upper,
          modelVersion: prediction.model.version,
          warnings: codes,
        });
        const failed = previous?.status === 'failed';
        const from = previous ? previous.status : 'unknown';
        const to = statusOf(prediction.rul, failed, codes);
        await fleetEvents.publish('prediction', {
          engine: engineId,
          cycle: prediction.lastCycle,
          rul: prediction.rul,
          interval: prediction.interval,
          model: prediction.model,
          status: to,
          warnings: codes,
        });
        if (from !== to) await fleetEvents.publish('status', { engine: engineId, from, to });
      }
      return prediction;
    }

    async function ingest(engineId: string, cycles: Cycle[]): Promise<IngestOutcome> {
      const before = await repos.engines.get(engineId);
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
          lastWindowOf(cycles, result.lastCycle, model.card?.window),
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

    app.decorate('fleet', { ingest, refreshPrediction, statusOf });
  },
  {
    name: 'fleet',
    dependencies: ['database', 'cache', 'predictor', 'model', 'fleet-events', 'fleet-metrics'],
    fastify: '5.x',
  },
);
