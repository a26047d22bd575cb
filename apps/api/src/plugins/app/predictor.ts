/**
 * Turns validated histories into predictions: windowing (pad/cut per the contract), one inference
 * call for all of a request's windows, interval + failure probabilities, metrics. Its input is the
 * packed history of predict-body/packed-history.ts; stored cycles (the fleet service's) are packed
 * on the way in by the same module.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import fp from 'fastify-plugin';
import { AppError, unavailable } from '../../errors/app-error.js';
import type { PackedHistory } from '../../predict-body/packed-history.js';
import type { RowOutput } from './model/micro-batcher.js';
import { failureProbabilities, type HorizonProbability } from './model/failure-probability.js';
import { inputRange, type InputRange, type RangeCode } from './model/input-range.js';
import type { ModelCard } from './model/model-card.js';

/** What a client can act on: a stable code, a sentence, and where it applies. */
export type WarningCode = 'SHORT_HISTORY' | 'HORIZON_BEYOND_MAX_RUL' | RangeCode;
export interface PredictionWarning {
  code: WarningCode;
  message: string;
  /** Channels at fault (out-of-range warnings). */
  channels?: string[];
  /** Cycles concerned: padded cycles, or cycles with a channel at fault. */
  cycles?: number;
}
/** Codes that mean the model cannot judge the history. */
export const OUT_OF_RANGE_CODES: readonly WarningCode[] = ['SETTINGS_OUT_OF_RANGE', 'READINGS_OUT_OF_RANGE'];

export interface Prediction {
  unit: string | null;
  rul: number;
  interval: { lower: number; upper: number; level: number };
  lastCycle: number;
  model: { name: string; version: string };
  warnings: PredictionWarning[];
  failureProbability?: HorizonProbability[];
}

export interface PredictOptions {
  /** Refuse (422 OUT_OF_DISTRIBUTION) instead of answering when a history is out of range. */
  strict?: boolean;
  /** Names history i in a refusal's details (default `histories[i]`). */
  path?: (i: number) => string;
}

export interface Predictor {
  /** One prediction per history, in order; the histories are only read. */
  predict(
    histories: readonly PackedHistory[],
    horizons?: number[],
    options?: PredictOptions,
  ): Promise<Prediction[]>;
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

    const ranges = new WeakMap<ModelCard, InputRange>();
    const rangeOf = (card: ModelCard): InputRange => {
      let range = ranges.get(card);
      if (!range) ranges.set(card, (range = inputRange(card)));
      return range;
    };

    async function predict(
      histories: readonly PackedHistory[],
      horizons?: number[],
      options: PredictOptions = {},
    ): Promise<Prediction[]> {
      const card = model.card;
      if (model.state !== 'ready' || !card) {
        throw unavailable('MODEL_NOT_READY', `model is not ready (${model.error ?? model.state})`, 5);
      }
      const { window, maxRul } = card;
      const range = rangeOf(card);
      const size = window * CHANNEL_COUNT;
      const data = new Float32Array(histories.length * size);
      const warnings = histories.map((history, i): PredictionWarning[] => {
        const padded = writePackedWindow(history, window, data, i * size);
        const w: PredictionWarning[] = range.check(history, window);
        if (padded > 0) {
          w.push({
            code: 'SHORT_HISTORY',
            message:
              `history has ${history.count} cycles, fewer than the model window of ${window}; ` +
              `padded by repeating the first cycle, so the prediction is less certain`,
            cycles: padded,
          });
        }
        const beyond = horizons?.filter((h) => h > maxRul) ?? [];
        if (beyond.length) {
          w.push({
            code: 'HORIZON_BEYOND_MAX_RUL',
            message:
              `horizons ${beyond.join(', ')} exceed the model's RUL cap (maxRul ${maxRul}); ` +
              `their probability is evaluated at ${maxRul} and is a lower bound`,
          });
        }
        return w;
      });
      const outOfRange = warnings.map((w) => w.some((x) => OUT_OF_RANGE_CODES.includes(x.code)));
      if (options.strict && outOfRange.some(Boolean)) {
        const path = options.path ?? ((i: number) => `histories[${i}]`);
        const details = warnings.flatMap((w, i) =>
          w
            .filter((x) => OUT_OF_RANGE_CODES.includes(x.code))
            .map((x) => ({ path: path(i), message: `${path(i)}: ${x.message}`, code: x.code })),
        );
        metrics.predictions.inc({ model_version: card.version, outcome: 'rejected' }, histories.length);
        throw new AppError(
          422,
          'OUT_OF_DISTRIBUTION',
          `${details[0]?.message} (strict: refused instead of answering)`,
          details,
        );
      }
      for (const w of warnings) for (const x of w) metrics.predictionWarnings.inc({ code: x.code });
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
        // A history outside what the model knows gets the widest honest band, never the model's
        // confident (often zero-width) answer for inputs it clipped.
        const lower = outOfRange[i] ? 0 : Math.max(0, Math.min(row.lower, rul));
        const upper = outOfRange[i] ? Math.max(maxRul, rul) : Math.max(row.upper, rul);
        metrics.predictions.inc({ model_version: version, outcome: 'ok' });
        metrics.predictedRul.observe({ model_version: version }, rul);
        metrics.intervalWidth.observe({ model_version: version }, upper - lower);
        const prediction: Prediction = {
          unit: history.unit ?? null,
          rul: round(rul),
          interval: { lower: round(lower), upper: round(upper), level: card.outputs.intervalLevel },
          lastCycle: history.lastCycle,
          model: { name: card.name, version },
          warnings: warnings[i] as PredictionWarning[],
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
