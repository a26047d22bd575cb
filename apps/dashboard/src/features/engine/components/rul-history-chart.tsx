// Predicted RUL over cycles with its interval band and the warning/critical thresholds drawn in.
import { useMemo } from 'react';
import { TimeSeriesChart } from '../../../components/charts/time-series-chart';
import { formatPercent } from '../../../lib/format/format-number';

export interface RulPoint {
  cycle: number;
  rul: number;
  lower: number;
  upper: number;
}

export function RulHistoryChart({
  engineName,
  points,
  level,
  thresholds,
}: {
  engineName: string;
  points: RulPoint[];
  /** Interval level, e.g. 0.9. */
  level: number;
  thresholds: { warning: number; critical: number } | null;
}) {
  const sorted = useMemo(() => [...points].sort((a, b) => a.cycle - b.cycle), [points]);
  const x = useMemo(() => sorted.map((p) => p.cycle), [sorted]);
  const lines = useMemo(
    () => [{ label: 'Predicted RUL', values: sorted.map((p) => p.rul), color: 'accent' as const }],
    [sorted],
  );
  const band = useMemo(
    () => ({
      label: `${formatPercent(level)} interval`,
      lower: sorted.map((p) => p.lower),
      upper: sorted.map((p) => p.upper),
    }),
    [sorted, level],
  );
  const lines2 = useMemo(
    () =>
      thresholds
        ? [
            {
              label: `Warning (${thresholds.warning})`,
              value: thresholds.warning,
              color: 'warning' as const,
            },
            {
              label: `Critical (${thresholds.critical})`,
              value: thresholds.critical,
              color: 'critical' as const,
            },
          ]
        : [],
    [thresholds],
  );
  return (
    <TimeSeriesChart
      x={x}
      xLabel="Cycle"
      yLabel="RUL (cycles)"
      lines={lines}
      band={band}
      thresholds={lines2}
      label={`Predicted remaining useful life of engine ${engineName} over cycles, with its ${formatPercent(level)} interval and thresholds`}
    />
  );
}
