// A RUL trend in words: the slope of predicted RUL per cycle over the recent predictions, with a
// direction a reader cannot miss (an arrow is decoration; the words carry it).

export type TrendDirection = 'falling' | 'rising' | 'steady';

export interface TrendSummary {
  direction: TrendDirection;
  /** Change in predicted RUL per cycle. */
  slope: number;
}

/** Slopes within ±`steadyWithin` cycles per cycle read as steady. */
export function summarizeTrend(slope: number | null | undefined, steadyWithin = 0.05): TrendSummary | null {
  if (slope == null || !Number.isFinite(slope)) return null;
  const direction: TrendDirection =
    slope < -steadyWithin ? 'falling' : slope > steadyWithin ? 'rising' : 'steady';
  return { direction, slope };
}

export const TREND_ARROWS: Record<TrendDirection, string> = { falling: '↓', rising: '↑', steady: '→' };

export function describeTrend({ direction, slope }: TrendSummary): string {
  if (direction === 'steady') return 'steady';
  const size = Math.abs(slope).toLocaleString('en', { maximumFractionDigits: 2, minimumFractionDigits: 1 });
  return `${direction} ${size} per cycle`;
}
