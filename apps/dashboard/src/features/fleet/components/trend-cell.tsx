// A row's RUL trend as an arrow plus words (slope per cycle); with recent points, also a uPlot sparkline.
import { SparklineChart } from '../../../components/charts/sparkline-chart';
import { describeTrend, summarizeTrend, TREND_ARROWS } from '../lib/trend';

export interface TrendPoint {
  cycle: number;
  rul: number;
}

export function TrendCell({
  engineName,
  slope,
  points = [],
}: {
  engineName: string;
  /** RUL change per cycle over the recent predictions, as the API fits it. */
  slope: number | null;
  points?: TrendPoint[];
}) {
  const trend = summarizeTrend(slope);
  if (!trend) return <span className="muted">No trend yet</span>;
  const words = describeTrend(trend);
  return (
    <span className="trend">
      {points.length > 1 ? (
        <SparklineChart
          x={points.map((p) => p.cycle)}
          values={points.map((p) => p.rul)}
          label={`RUL trend of engine ${engineName}: ${words}`}
          color={trend.direction === 'falling' ? 'warning' : 'accent'}
        />
      ) : null}
      <span>
        <span aria-hidden="true">{TREND_ARROWS[trend.direction]} </span>
        {words}
      </span>
    </span>
  );
}
