/**
 * Turns validated histories into predictions: the model for each history (model-routing.ts),
 * windowing (pad/cut per the contract), one inference call per model for all of a request's windows,
 * interval + failure probabilities, metrics. Its input is the packed history of
 * predict-body/packed-history.ts; stored cycles (the fleet service's) are packed on the way in by the
 * same module.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import fp from 'fastify-plugin';
import { AppError } from '../../errors/app-error.js';
import type { PackedHistory } from '../../predict-body/packed-history.js';
import type { RowOutput } from './model/micro-batcher.js';
import { failureProbabilities, type HorizonProbability } from './model/failure-probability.js';
import type { RangeCode } from './model/input-range.js';
import type { ServedModel } from './model/model-catalog.js';
import { modelRouter } from './model/model-routing.js';

/** What a client can act on: a stable code, a sentence, and where it applies. */
export type WarningCode = 'SHORT_HISTORY' | 'HORIZON_BEYOND_MAX_RUL' | 'RUL_AT_CAP' | RangeCode;
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
  /** The model for every history that names none itself (by name); absent: chosen per history. */
  model?: string | undefined;
  /** Names the request's model field (no argument) or history i's in an error. */
  modelPath?: (i?: number) => string;
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
/** Cycles below maxRul at which a band's upper end counts as the cap (float32 outputs). */
const AT_CAP_TOLERANCE = 1e-3;

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
    const { models, metrics } = app;
    const router = modelRouter(models);

    async function predict(
      histories: readonly PackedHistory[],
      horizons?: number[],
      options: PredictOptions = {},
    ): Promise<Prediction[]> {
      const path = options.path ?? ((i: number) => `histories[${i}]`);
      const modelPath =
        options.modelPath ?? ((i?: number) => (i === undefined ? 'body.model' : `histories[${i}].model`));
      const routes = router.route(histories, options.model, modelPath);
      const warnings = histories.map((history, i): PredictionWarning[] => {
        const { card, findings } = routes[i] as (typeof routes)[number];
        const w: PredictionWarning[] = findings;
        if (history.count < card.window) {
          w.push({
            code: 'SHORT_HISTORY',
            message:
              `history has ${history.count} cycles, fewer than the model window of ${card.window}; ` +
              `padded by repeating the first cycle, so the prediction is less certain`,
            cycles: card.window - history.count,
          });
        }
        const beyond = horizons?.filter((h) => h > card.maxRul) ?? [];
        if (beyond.length) {
          w.push({
            code: 'HORIZON_BEYOND_MAX_RUL',
            message:
              `horizons ${beyond.join(', ')} exceed the model's RUL cap (maxRul ${card.maxRul}); ` +
              `their probability is evaluated at ${card.maxRul} and is a lower bound`,
          });
        }
        return w;
      });
      const outOfRange = warnings.map((w) => w.some((x) => OUT_OF_RANGE_CODES.includes(x.code)));
      if (options.strict && outOfRange.some(Boolean)) {
        const details = warnings.flatMap((w, i) =>
          w
            .filter((x) => OUT_OF_RANGE_CODES.includes(x.code))
            .map((x) => ({ path: path(i), message: `${path(i)}: ${x.message}`, code: x.code })),
        );
        for (const { card } of routes) {
          metrics.predictions.inc({ model_version: card.version, outcome: 'rejected' });
        }
        throw new AppError(
          422,
          'OUT_OF_DISTRIBUTION',
          `${details[0]?.message} (strict: refused instead of answering)`,
          details,
        );
      }
      for (const w of warnings) for (const x of w) metrics.predictionWarnings.inc({ code: x.code });
      const rows = skipInference
        ? routes.map(({ card }) => ({
            median: 50,
            lower: 40,
            upper: 60,
            quantiles: card.outputs.quantileLevels.map(() => 50),
          }))
        : await inferGrouped(histories, routes);

      return histories.map((history, i) => {
        const { card } = routes[i] as ServedModel;
        const { version, maxRul } = card;
        const row = rows[i] as RowOutput;
        // RUL can't be negative; clamp the model's raw outputs at 0.
        const rul = Math.max(0, row.median);
        // A history outside what the model knows gets the widest honest band, never the model's
        // confident (often zero-width) answer for inputs it clipped.
        const lower = outOfRange[i] ? 0 : Math.max(0, Math.min(row.lower, rul));
        const upper = outOfRange[i] ? Math.max(maxRul, rul) : Math.max(row.upper, rul);
        const w = warnings[i] as PredictionWarning[];
        // The models learn remaining life capped at maxRul: a band that reaches the cap says "at least
        // this long", never "exactly maxRul" (a healthy engine's band is often [maxRul, maxRul]).
        if (!outOfRange[i] && upper >= maxRul - AT_CAP_TOLERANCE) {
          w.push({
            code: 'RUL_AT_CAP',
            message:
              `the band reaches the model's RUL cap of ${maxRul} cycles: the model was trained with ` +
              `remaining life capped at ${maxRul}, so the true RUL may be longer than the upper bound; ` +
              `read it as at least ${round(lower)} cycles`,
          });
          metrics.predictionWarnings.inc({ code: 'RUL_AT_CAP' });
        }
        metrics.predictions.inc({ model_version: version, outcome: 'ok' });
        metrics.predictedRul.observe({ model_version: version }, rul);
        metrics.intervalWidth.observe({ model_version: version }, upper - lower);
        const prediction: Prediction = {
          unit: history.unit ?? null,
          rul: round(rul),
          interval: { lower: round(lower), upper: round(upper), level: card.outputs.intervalLevel },
          lastCycle: history.lastCycle,
          model: { name: card.name, version },
          warnings: w,
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

    /** One inference call per model, for that model's windows; rows come back in history order. */
    async function inferGrouped(
      histories: readonly PackedHistory[],
      routes: readonly ServedModel[],
    ): Promise<RowOutput[]> {
      const groups = new Map<ServedModel['service'], { card: ServedModel['card']; indices: number[] }>();
      routes.forEach(({ service, card }, i) => {
        const group = groups.get(service);
        if (group) group.indices.push(i);
        else groups.set(service, { card, indices: [i] });
      });
      const rows = new Array<RowOutput>(histories.length);
      await Promise.all(
        [...groups].map(async ([service, { card, indices }]) => {
          const size = card.window * CHANNEL_COUNT;
          const data = new Float32Array(indices.length * size);
          indices.forEach((h, j) =>
            writePackedWindow(histories[h] as PackedHistory, card.window, data, j * size),
          );
          const out = await service.infer(data, indices.length);
          indices.forEach((h, j) => (rows[h] = out[j] as RowOutput));
        }),
      );
      return rows;
    }

    app.decorate('predictor', { predict });
  },
  { name: 'predictor', dependencies: ['model', 'metrics'], fastify: '5.x' },
);
