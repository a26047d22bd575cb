/**
 * Turns validated histories into predictions: windowing (pad/cut per the contract), one inference
 * call for all of a request's windows, interval + failure probabilities, metrics. Its input is the
 * packed history of predict-body/packed-history.ts; stored cycles (the fleet service's) are packed
 * on the way in by the same module.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import fp from 'fastify-plugin';
import { unavailable } from '../../errors/app-error.js';
import type { PackedHistory } from '../../predict-body/packed-history.js';
import type { RowOutput } from './model/micro-batcher.js';
import { failureProbabilities, type HorizonProbability } from './model/failure-probability.js';

export interface Prediction {
  unit: string | null;
  rul: number;
  interval: { lower: number; upper: number; level: number };
  lastCycle: number;
  model: { name: string; version: string };
  warnings: string[];
  failureProbability?: HorizonProbability[];
}

export interface Predictor {
  /** One prediction per history, in order; the histories are only read. */
  predict(histories: readonly PackedHistory[], horizons?: number[]): Promise<Prediction[]>;
}

declare module 'fastify' {
  interface FastifyInstance {
    predictor: Predictor;
  }
}

export interface PredictorOptions {
  /** Bench-only: skip ONNX Runtime and return a constant after validation and windowing, to measure
   * the HTTP + validation bound. Only reachable through buildApp options, never from the environment. */
  skipInference?: boolean;
}

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Same contract as writeWindow: keep the last `window` rows, pad the front with the first one. */
function writePackedWindow(
  history: PackedHistory,
  window: number,
  out: Float32Array,
  offset: number,
): number {
  const used = Math.min(history.count, window);
  const padded = window - used;
  const first = (history.count - used) * CHANNEL_COUNT;
  const firstRow = history.readings.subarray(first, first + CHANNEL_COUNT);
  for (let r = 0; r < padded; r++) out.set(firstRow, offset + r * CHANNEL_COUNT);
  out.set(history.readings.subarray(first), offset + padded * CHANNEL_COUNT);
  return padded;
}

export default fp<PredictorOptions>(
  async (app, { skipInference = false }) => {
    const { model, metrics } = app;

    async function predict(histories: readonly PackedHistory[], horizons?: number[]): Promise<Prediction[]> {
      const card = model.card;
      if (model.state !== 'ready' || !card) {
        throw unavailable('MODEL_NOT_READY', `model is not ready (${model.error ?? model.state})`, 5);
      }
      const { window, maxRul } = card;
      const size = window * CHANNEL_COUNT;
      const data = new Float32Array(histories.length * size);
      const warnings = histories.map((history, i) => {
        const padded = writePackedWindow(history, window, data, i * size);
        const w: string[] = [];
        if (padded > 0) {
          w.push(
            `history has ${history.count} cycles, fewer than the model window of ${window}; ` +
              `padded by repeating the first cycle, so the prediction is less certain`,
          );
        }
        const beyond = horizons?.filter((h) => h > maxRul) ?? [];
        if (beyond.length) {
          w.push(
            `horizons ${beyond.join(', ')} exceed the model's RUL cap (maxRul ${maxRul}); ` +
              `their probability is evaluated at ${maxRul} and is a lower bound`,
          );
        }
        return w;
      });
      const rows: RowOutput[] = skipInference
        ? histories.map(() => ({
            median: 50,
            lower: 40,
            upper: 60,
            quantiles: card.outputs.quantileLevels.map(() => 50),
          }))
        : await model.infer(data, histories.length);

      const version = card.version;
      return histories.map((history, i) => {
        const row = rows[i] as RowOutput;
        // RUL can't be negative; clamp the model's raw outputs at 0.
        const rul = Math.max(0, row.median);
        const lower = Math.max(0, Math.min(row.lower, rul));
        const upper = Math.max(row.upper, rul);
        metrics.predictions.inc({ model_version: version, outcome: 'ok' });
        metrics.predictedRul.observe({ model_version: version }, rul);
        metrics.intervalWidth.observe({ model_version: version }, upper - lower);
        const prediction: Prediction = {
          unit: history.unit ?? null,
          rul: round(rul),
          interval: { lower: round(lower), upper: round(upper), level: card.outputs.intervalLevel },
          lastCycle: history.lastCycle,
          model: { name: card.name, version },
          warnings: warnings[i] as string[],
        };
        if (horizons?.length) {
          prediction.failureProbability = failureProbabilities(
            horizons,
            row.quantiles,
            card.outputs.quantileLevels,
            maxRul,
          );
        }
        return prediction;
      });
    }

    app.decorate('predictor', { predict });
  },
  { name: 'predictor', dependencies: ['model', 'metrics'], fastify: '5.x' },
);
