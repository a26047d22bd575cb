/**
 * The one input of the predictor: a validated history packed as model readings. Every prediction
 * route converts its body to packed histories here, at its boundary, whichever way the body was read
 * (the byte reader, a body reader thread, or JSON.parse and the route schema), so nothing past the
 * route knows how a body was read.
 */
import { checkCycleOrder, toWindow, type Cycle } from '@rul/cmapss';
import { invalidInput } from '../errors/app-error.js';
import type { BatchJsonBody, PredictBody } from '../schemas/predict.js';

export interface PackedHistory {
  readonly unit: string | undefined;
  /** The model asked for by name; absent: chosen by the history's operating conditions. */
  readonly model?: string | undefined;
  /** Cycles in the history. */
  readonly count: number;
  readonly lastCycle: number;
  /** `count * CHANNEL_COUNT` readings, row by row, oldest first, in model channel order. */
  readonly readings: Float32Array;
}

/**
 * A JSON prediction body read straight from its bytes (read-predict-body.ts): already checked against
 * the route schema and the ordering rule. /predict bodies have one engine.
 */
export class PackedBody {
  constructor(
    readonly engines: readonly PackedHistory[],
    readonly horizons: number[] | undefined,
    /** The request's model by name (`body.model`); engines may name their own. */
    readonly model?: string | undefined,
  ) {}
}

/** An ordered, schema-checked cycle history, packed. */
export function packCycles(unit: string | undefined, cycles: readonly Cycle[]): PackedHistory {
  const { data } = toWindow(cycles, cycles.length);
  return { unit, count: cycles.length, lastCycle: (cycles.at(-1) as Cycle).cycle, readings: data };
}

/** The route schema checked every reading; only the ordering rule is left (a 400 naming the cycle). */
function ordered(unit: string | undefined, cycles: readonly Cycle[], path: string): PackedHistory {
  const order = checkCycleOrder(cycles, path);
  if (!order.ok) throw invalidInput(order.issues);
  return packCycles(unit, cycles);
}

/**
 * A /predict body as packed histories. The scope's JSON parser (packed-json-body.ts) may already have
 * packed it; otherwise it is the schema-checked JSON, and only its ordering is left to check.
 */
export function packPredictBody(body: PredictBody | PackedBody): PackedBody {
  if (body instanceof PackedBody) return body;
  return new PackedBody([ordered(body.unit, body.cycles, 'body.cycles')], body.horizons, body.model);
}

/** A JSON /predict/batch body as packed histories (see packPredictBody). */
export function packBatchBody(body: BatchJsonBody | PackedBody): PackedBody {
  if (body instanceof PackedBody) return body;
  const engines = body.engines.map((e, i) => {
    const history = ordered(e.unit, e.cycles, `body.engines[${i}].cycles`);
    return e.model === undefined ? history : { ...history, model: e.model };
  });
  return new PackedBody(engines, body.horizons, body.model);
}
