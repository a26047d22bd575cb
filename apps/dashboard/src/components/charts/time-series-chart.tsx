// Values over cycles, with an optional interval band and horizontal thresholds (RUL and sensor trends).
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useColorScheme } from '../../lib/theme/use-color-scheme';
import { axisStyle, readChartPalette, type ChartColor } from './chart-theme';
import { UplotChart } from './uplot-chart';

export interface LineSpec {
  label: string;
  values: (number | null)[];
  color: ChartColor;
  dash?: number[];
}

export interface BandSpec {
  label: string;
  lower: (number | null)[];
  upper: (number | null)[];
}

export interface ThresholdSpec {
  label: string;
  value: number;
  color: ChartColor;
}

export function TimeSeriesChart({
  x,
  xLabel,
  yLabel,
  lines,
  band,
  thresholds = [],
  label,
  height,
}: {
  x: number[];
  xLabel: string;
  yLabel: string;
  lines: LineSpec[];
  band?: BandSpec;
  thresholds?: ThresholdSpec[];
  label: string;
  height?: number;
}) {
  const scheme = useColorScheme();
  const shape = `${lines.map((l) => `${l.label}:${l.color}`).join('|')}#${band?.label ?? ''}#${thresholds
    .map((t) => `${t.label}:${t.value}`)
    .join('|')}`;

  const options = useMemo(() => {
    const palette = readChartPalette();
    const series: uPlot.Series[] = [{ label: xLabel }];
    const bands: uPlot.Band[] = [];
    if (band) {
      series.push(
        { label: `${band.label} (upper)`, stroke: palette.band, width: 1, points: { show: false } },
        { label: `${band.label} (lower)`, stroke: palette.band, width: 1, points: { show: false } },
      );
      bands.push({ series: [1, 2], fill: palette.band });
    }
    for (const line of lines) {
      series.push({
        label: line.label,
        stroke: palette[line.color],
        width: 2,
        dash: line.dash,
        spanGaps: false,
      });
    }
    for (const threshold of thresholds) {
      series.push({
        label: threshold.label,
        stroke: palette[threshold.color],
        width: 1.5,
        dash: [6, 4],
        points: { show: false },
      });
    }
    return {
      scales: { x: { time: false } },
      series,
      bands,
      axes: [axisStyle(palette, xLabel), axisStyle(palette, yLabel)],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    } satisfies Omit<uPlot.Options, 'width' | 'height'>;
    // `shape` stands for the parts of the props that change the series layout.
  }, [scheme, shape, xLabel, yLabel]);

  const data = useMemo((): uPlot.AlignedData => {
    const columns: (number | null)[][] = [];
    if (band) columns.push(band.upper, band.lower);
    for (const line of lines) columns.push(line.values);
    for (const threshold of thresholds) columns.push(x.map(() => threshold.value));
    return [x, ...columns] as uPlot.AlignedData;
  }, [x, band, lines, thresholds]);

  return <UplotChart options={options} data={data} label={label} height={height} />;
}
