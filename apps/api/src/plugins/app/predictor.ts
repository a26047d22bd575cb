/**
 * Turns validated cycle histories into predictions: windowing (pad/cut per the contract), one
 * inference call for all of a request's windows, interval + failure probabilities, metrics.
 */
import { CHANNEL_COUNT, writeWindow, type Cycle } from '@rul/cmapss';
import fp from 'fastify-plugin';
import { unavailable } from '../../errors/app-error.js';
import type { RowOutput } from './model/micro-batcher.js';
import { failureProbabilities, type HorizonProbability } from './model/failure-probability.js';

/** A validated history already packed as model readings (what the /predict body reader produces). */
export interface PackedHistory {
  count: number;
  lastCycle: number;
  /**
   * `count * 24` readings, row by row, oldest first, in model channel order. `predict` consumes them:
   * once its window is copied into the model input they are replaced by an empty array.
   */
  readings: Float32Array;
}

/**
 * What consumed readings are replaced with. A 64 × 200-cycle body's readings (1.2 MB) otherwise live
 * on, referenced by the request, until its response is sent; kept through inference they outlive two
 * young-generation collections, are promoted, and their memory then only comes back with a full
 * mark-compact: with bodies read on a reader thread that meant one every ten requests (measured: 25
 * per 268 requests of 64 × 200 cycles, none once the readings were dropped after windowing).
 */
const CONSUMED = new Float32Array(0);

export type PredictInput =
  { unit?: string | undefined; cycles: Cycle[] } | { unit?: string | undefined; history: PackedHistory };

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
  predict(inputs: PredictInput[], horizons?: number[]): Promise<Prediction[]>;
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

    async function predict(inputs: PredictInput[], horizons?: number[]): Promise<Prediction[]> {
      const card = model.card;
      if (model.state !== 'ready' || !card) {
        throw unavailable('MODEL_NOT_READY', `model is not ready (${model.error ?? model.state})`, 5);
      }
      const { window, maxRul } = card;
      const size = window * CHANNEL_COUNT;
      const data = new Float32Array(inputs.length * size);
      const warnings = inputs.map((input, i) => {
        let padded: number;
        let count: number;
        if ('history' in input) {
          if (input.history.readings === CONSUMED) throw new Error('packed readings were already consumed');
          padded = writePackedWindow(input.history, window, data, i * size);
          input.history.readings = CONSUMED;
          count = input.history.count;
        } else {
          padded = writeWindow(input.cycles, window, data, i * size).padded;
          count = input.cycles.length;
        }
        const w: string[] = [];
        if (padded > 0) {
          w.push(
            `history has ${count} cycles, fewer than the model window of ${window}; ` +
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
        ? inputs.map(() => ({
            median: 50,
            lower: 40,
            upper: 60,
            quantiles: card.outputs.quantileLevels.map(() => 50),
          }))
        : await model.infer(data, inputs.length);

      const version = card.version;
      return inputs.map((input, i) => {
        const row = rows[i] as RowOutput;
        // RUL can't be negative; clamp the model's raw outputs at 0.
        const rul = Math.max(0, row.median);
        const lower = Math.max(0, Math.min(row.lower, rul));
        const upper = Math.max(row.upper, rul);
        metrics.predictions.inc({ model_version: version, outcome: 'ok' });
        metrics.predictedRul.observe({ model_version: version }, rul);
        metrics.intervalWidth.observe({ model_version: version }, upper - lower);
        const prediction: Prediction = {
          unit: input.unit ?? null,
          rul: round(rul),
          interval: { lower: round(lower), upper: round(upper), level: card.outputs.intervalLevel },
          lastCycle: 'history' in input ? input.history.lastCycle : (input.cycles.at(-1) as Cycle).cycle,
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
