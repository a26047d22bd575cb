/**
 * Runs the model card's golden inputs (computed by PyTorch at export) through ONNX Runtime and
 * compares every output. A model that disagrees must never serve: the plugin keeps readiness at 503.
 */
import type { ModelCard } from './model-card.js';
import type { BatchRun } from './micro-batcher.js';

/** |actual - expected| must be within ABS_TOL + REL_TOL * |expected| (1e-3, plus float32 headroom on big values). */
export const ABS_TOL = 1e-3;
export const REL_TOL = 1e-5;

export interface GoldenResult {
  ok: boolean;
  examples: number;
  maxAbsError: number;
  failures: string[];
}

export async function checkGolden(
  card: ModelCard,
  run: (data: Float32Array, batch: number) => Promise<BatchRun>,
): Promise<GoldenResult> {
  const n = card.golden.length;
  const size = card.window * 24;
  const data = new Float32Array(n * size);
  card.golden.forEach((g, i) => data.set(g.input.flat(), i * size));
  const out = await run(data, n);
  let maxAbsError = 0;
  const failures: string[] = [];
  const compare = (where: string, actual: number, expected: number) => {
    const err = Math.abs(actual - expected);
    if (!(err <= maxAbsError)) maxAbsError = Number.isNaN(err) ? Number.POSITIVE_INFINITY : err;
    if (!(err <= ABS_TOL + REL_TOL * Math.abs(expected)) && failures.length < 10) {
      failures.push(`${where}: ONNX Runtime ${actual}, card ${expected}`);
    }
  };
  const q = out.quantileCount;
  card.golden.forEach((g, i) => {
    compare(`golden[${i}].rul_median`, out.median[i] as number, g.output.rul_median);
    compare(`golden[${i}].rul_lower`, out.lower[i] as number, g.output.rul_lower);
    compare(`golden[${i}].rul_upper`, out.upper[i] as number, g.output.rul_upper);
    g.output.rul_quantiles.forEach((v, j) =>
      compare(`golden[${i}].rul_quantiles[${j}]`, out.quantiles[i * q + j] as number, v),
    );
  });
  return { ok: failures.length === 0, examples: n, maxAbsError, failures };
}
