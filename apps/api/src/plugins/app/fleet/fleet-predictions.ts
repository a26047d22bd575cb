/**
 * What a fresh prediction of a fleet engine turns into, shared by the single-engine and the bulk
 * write paths: the history row to record, whether the engine already has it, and the events it
 * announces (`prediction`, and `status` when the engine's status changes).
 */
import type { Cycle } from '@rul/cmapss';
import type { Engine, EngineStatus, NewPrediction } from '@rul/db';
import type { Prediction } from '../predictor.js';
import type { FleetEventType } from './fleet-events.js';

export interface PendingEvent {
  type: FleetEventType;
  data: Record<string, unknown>;
}

export type StatusOf = (rul: number | null, failed: boolean, warnings?: readonly string[]) => EngineStatus;

/**
 * The request's own last `window` cycles when they are exactly what the database now holds as the
 * engine's last window (consecutive and ending at its last cycle), saving a read; else undefined.
 */
export function lastWindowOf(
  cycles: readonly Cycle[],
  lastCycle: number,
  window?: number,
): Cycle[] | undefined {
  if (window === undefined || cycles.length < window) return undefined;
  const tail = cycles.slice(-window);
  if (tail.at(-1)?.cycle !== lastCycle) return undefined;
  return tail.every((c, i) => i === 0 || c.cycle === (tail[i - 1] as Cycle).cycle + 1) ? tail : undefined;
}

/** True when the engine's latest prediction is this one already (same window end, same model version). */
export function isRecorded(previous: Engine | null | undefined, prediction: Prediction): boolean {
  const p = previous?.prediction;
  return !!p && p.cycle === prediction.lastCycle && p.modelVersion === prediction.model.version;
}

export function toNewPrediction(engineId: string, prediction: Prediction): NewPrediction {
  return {
    engineId,
    cycle: prediction.lastCycle,
    rul: prediction.rul,
    lower: prediction.interval.lower,
    upper: prediction.interval.upper,
    modelVersion: prediction.model.version,
    modelName: prediction.model.name,
    warnings: prediction.warnings.map((w) => w.code),
  };
}

/** The events a newly recorded prediction announces, in the order they are published. */
export function predictionEvents(
  engineId: string,
  previous: Engine | null | undefined,
  prediction: Prediction,
  statusOf: StatusOf,
): PendingEvent[] {
  const codes = prediction.warnings.map((w) => w.code);
  const from = previous ? previous.status : 'unknown';
  const to = statusOf(prediction.rul, previous?.status === 'failed', codes);
  const events: PendingEvent[] = [
    {
      type: 'prediction',
      data: {
        engine: engineId,
        cycle: prediction.lastCycle,
        rul: prediction.rul,
        interval: prediction.interval,
        model: prediction.model,
        status: to,
        warnings: codes,
      },
    },
  ];
  if (from !== to) events.push({ type: 'status', data: { engine: engineId, from, to } });
  return events;
}
