/**
 * P(failure within h cycles) = P(RUL <= h), read off the model's predictive quantiles.
 *
 * The CDF is the piecewise-linear curve through (0, 0), the quantile points (value_i, level_i), and a
 * last point where the top segment's slope reaches probability 1. It is therefore non-decreasing in h,
 * and the result is clamped to [0, 1]. The model was trained on RUL capped at `maxRul` (piecewise-linear
 * targets), so it cannot tell "maxRul cycles left" from "many more": horizons beyond maxRul are
 * evaluated AT maxRul and flagged — the number is then a lower bound on the true probability.
 */

export interface HorizonProbability {
  horizon: number;
  probability: number;
}

function cdfPoints(quantiles: readonly number[], levels: readonly number[]): Array<[number, number]> {
  const points: Array<[number, number]> = [[0, 0]];
  let prevX = 0;
  levels.forEach((level, i) => {
    // Enforce monotone values (float noise can make neighbours cross) and RUL >= 0.
    const x = Math.max(prevX, quantiles[i] ?? prevX);
    points.push([x, level]);
    prevX = x;
  });
  const last = points.at(-1) as [number, number];
  const before = points.at(-2) as [number, number];
  const slope = last[0] > before[0] ? (last[1] - before[1]) / (last[0] - before[0]) : 0;
  // Extend the top segment to probability 1; with no usable slope, fall back to one extra cycle.
  const tailX = slope > 0 ? last[0] + (1 - last[1]) / slope : last[0] + 1;
  points.push([tailX, 1]);
  return points;
}

export function cdfAt(x: number, points: ReadonlyArray<[number, number]>): number {
  if (x <= 0) return 0;
  for (let i = 1; i < points.length; i++) {
    const [x1, p1] = points[i] as [number, number];
    if (x <= x1) {
      const [x0, p0] = points[i - 1] as [number, number];
      // A vertical step (equal quantile values) takes the upper probability.
      const p = x1 > x0 ? p0 + ((x - x0) / (x1 - x0)) * (p1 - p0) : p1;
      return Math.min(1, Math.max(0, p));
    }
  }
  return 1;
}

export function failureProbabilities(
  horizons: readonly number[],
  quantiles: readonly number[],
  levels: readonly number[],
  maxRul: number,
): HorizonProbability[] {
  const points = cdfPoints(quantiles, levels);
  return horizons.map((horizon) => ({
    horizon,
    probability: Number(cdfAt(Math.min(horizon, maxRul), points).toFixed(6)),
  }));
}
