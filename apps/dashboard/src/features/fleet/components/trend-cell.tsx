// A row's RUL trend as an arrow plus words (the API's slope of RUL per cycle); the arrow is decoration.
import { describeTrend, summarizeTrend, TREND_ARROWS } from '../lib/trend';

export function TrendCell({ slope }: { slope: number | null }) {
  const trend = summarizeTrend(slope);
  if (!trend) return <span className="muted">No trend yet</span>;
  return (
    <span className="trend">
      <span aria-hidden="true">{TREND_ARROWS[trend.direction]}</span>
      {describeTrend(trend)}
    </span>
  );
}
