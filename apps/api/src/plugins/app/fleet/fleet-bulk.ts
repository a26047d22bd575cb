/**
 * The fleet's bulk write path (POST /fleet/telemetry). Many engines' readings are stored in one
 * transaction, each engine all-or-nothing; then every engine that stored cycles is re-predicted with
 * one read of the engines, one read of their windows, one predictor call (which splits the windows
 * per model and batches them through each model's micro-batcher), one write of the predictions and
 * one event message. Readings are acknowledged after COMMIT: anything that fails after it leaves the
 * predictions null (they are made again on the engines' next readings), never the readings unstored.
 */
import type { Cycle } from '@rul/cmapss';
import type { Engine, EngineBatch, EngineBatchResult, StoredReading } from '@rul/db';
import type { FastifyInstance } from 'fastify';
import { packCycles, type PackedHistory } from '../../../predict-body/packed-history.js';
import type { Prediction } from '../predictor.js';
import {
  isRecorded,
  lastWindowOf,
  predictionEvents,
  toNewPrediction,
  type StatusOf,
} from './fleet-predictions.js';

export interface BulkEngine {
  id: string;
  /** The model this engine is judged by when it is new (else the request's). */
  model?: string | undefined;
  cycles: Cycle[];
}

export interface BulkIngestOptions {
  /** The model every new engine that names none is judged by. */
  model?: string | undefined;
}

export type BulkOutcome = EngineBatchResult & { prediction: Prediction | null };

export interface BulkIngestDeps {
  app: FastifyInstance;
  /** Cycles the prediction of an engine judged by `name` (null: by fit) reads. */
  windowFor(name: string | null): number | undefined;
  statusOf: StatusOf;
}

interface Plan {
  id: string;
  /** The engine's own model; null: the model its history fits. */
  name: string | null;
  window: number;
  /** The request's cycles when they are the engine's whole last window. */
  latest: Cycle[] | undefined;
}

const asCycle = ({ cycle, settings, sensors }: StoredReading): Cycle => ({ cycle, settings, sensors });

export function bulkIngest({ app, windowFor, statusOf }: BulkIngestDeps) {
  const { repos, models, fleetEvents, fleetMetrics } = app;

  function countCycles(results: readonly EngineBatchResult[]): void {
    let stored = 0;
    let duplicates = 0;
    let conflicts = 0;
    for (const r of results) {
      if (r.outcome === 'stored' || r.outcome === 'duplicate') {
        stored += r.stored;
        duplicates += r.duplicates;
      } else if (r.outcome === 'conflict') conflicts += r.conflicts.length;
    }
    if (stored) fleetMetrics.telemetryCycles.inc({ outcome: 'stored' }, stored);
    if (duplicates) fleetMetrics.telemetryCycles.inc({ outcome: 'duplicate' }, duplicates);
    if (conflicts) fleetMetrics.telemetryCycles.inc({ outcome: 'conflict' }, conflicts);
  }

  /** What each touched engine's prediction reads; engines whose own model is not served now wait. */
  function plan(touched: readonly { engine: BulkEngine; lastCycle: number }[], before: Map<string, Engine>) {
    const served = new Set(models.served().map((m) => m.card.name));
    return touched.flatMap(({ engine, lastCycle }): Plan[] => {
      const name = before.get(engine.id)?.model ?? null;
      if (name !== null && !served.has(name)) return [];
      const window = windowFor(name);
      if (window === undefined) return [];
      return [{ id: engine.id, name, window, latest: lastWindowOf(engine.cycles, lastCycle, window) }];
    });
  }

  async function predictTouched(
    engines: readonly BulkEngine[],
    results: readonly EngineBatchResult[],
  ): Promise<Map<string, Prediction>> {
    const touched = results.flatMap((r, i) =>
      r.outcome === 'stored' && r.stored > 0
        ? [{ engine: engines[i] as BulkEngine, lastCycle: r.lastCycle }]
        : [],
    );
    if (touched.length === 0) return new Map();
    const before = await repos.engines.getMany(touched.map((t) => t.engine.id));
    const plans = plan(touched, before);
    const toRead = plans.filter((p) => p.latest === undefined);
    const stored = toRead.length
      ? await repos.telemetry.lastCyclesMany(
          toRead.map((p) => p.id),
          Math.max(...toRead.map((p) => p.window)),
        )
      : new Map<string, StoredReading[]>();

    const planned: Plan[] = [];
    const histories: PackedHistory[] = [];
    for (const p of plans) {
      const cycles = p.latest ?? (stored.get(p.id) ?? []).slice(-p.window).map(asCycle);
      if (cycles.length === 0) continue;
      const history = packCycles(p.id, cycles);
      histories.push(p.name === null ? history : { ...history, model: p.name });
      planned.push(p);
    }
    if (histories.length === 0) return new Map();
    // Read at call time: tests (and only tests) swap the decorator to watch the calls.
    const predictions = await app.predictor.predict(histories, undefined, {
      modelPath: (i) => (i === undefined ? 'model' : `engine ${planned[i]?.id ?? '?'} model`),
    });

    const fresh = planned
      .map((p, i) => ({ id: p.id, prediction: predictions[i] as Prediction }))
      .filter(({ id, prediction }) => !isRecorded(before.get(id), prediction));
    if (fresh.length) {
      await repos.predictions.recordMany(fresh.map(({ id, prediction }) => toNewPrediction(id, prediction)));
      await fleetEvents.publishMany(
        fresh.flatMap(({ id, prediction }) => predictionEvents(id, before.get(id), prediction, statusOf)),
      );
    }
    return new Map(planned.map((p, i) => [p.id, predictions[i] as Prediction]));
  }

  /** Stores every engine's readings (outcomes in order), then predicts the engines that stored cycles. */
  return async function ingestMany(
    engines: readonly BulkEngine[],
    options: BulkIngestOptions = {},
  ): Promise<BulkOutcome[]> {
    if (engines.length === 0) return [];
    const batches = engines.map((e): EngineBatch => {
      const model = e.model ?? options.model;
      return { engineId: e.id, cycles: e.cycles, ...(model === undefined ? {} : { model }) };
    });
    const results = await repos.telemetry.ingestMany(batches);
    countCycles(results);
    let predictions = new Map<string, Prediction>();
    try {
      predictions = await predictTouched(engines, results);
    } catch (err) {
      // The readings are committed; predictions that could not be made or recorded now are made
      // again on the engines' next readings.
      app.log.warn({ err, engines: engines.length }, 'telemetry stored, predictions skipped');
    }
    return results.map((r) => ({ ...r, prediction: predictions.get(r.engineId) ?? null }));
  };
}
