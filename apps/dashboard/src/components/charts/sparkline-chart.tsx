// A small trend line for a table row, drawn by uPlot (no axes, no legend); the row's text carries the numbers.
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useColorScheme } from '../../lib/theme/use-color-scheme';
import { readChartPalette, type ChartColor } from './chart-theme';
import { UplotChart } from './uplot-chart';

export function SparklineChart({
  x,
  values,
  label,
  color = 'accent',
  width = 96,
  height = 28,
}: {
  x: number[];
  values: (number | null)[];
  /** Accessible name, e.g. "RUL trend of engine 7: falling". */
  label: string;
  color?: ChartColor;
  width?: number;
  height?: number;
}) {
  const scheme = useColorScheme();
  const options = useMemo(() => {
    const palette = readChartPalette();
    return {
      scales: { x: { time: false } },
      series: [{}, { stroke: palette[color], width: 1.5, points: { show: false } }],
      axes: [{ show: false }, { show: false }],
      legend: { show: false },
      cursor: { show: false },
      padding: [2, 2, 2, 2],
    } satisfies Omit<uPlot.Options, 'width' | 'height'>;
  }, [scheme, color]);
  const data = useMemo((): uPlot.AlignedData => [x, values] as uPlot.AlignedData, [x, values]);
  return (
    <div style={{ width }}>
      <UplotChart
        options={options}
        data={data}
        label={label}
        height={height}
        minWidth={width}
        className="chart sparkline"
      />
    </div>
  );
}
