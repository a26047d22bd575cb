// One point estimate with its interval per category (e.g. per engine), drawn by uPlot on its canvas.
import { useMemo } from 'react';
import type uPlot from 'uplot';
import { useColorScheme } from '../../lib/theme/use-color-scheme';
import { axisStyle, readChartPalette, type ChartColor } from './chart-theme';
import { UplotChart } from './uplot-chart';

export interface IntervalPoint {
  category: string;
  value: number;
  lower: number;
  upper: number;
  color?: ChartColor;
}

/** Draws the lower–upper whisker of every point, under the points themselves. */
function whiskers(color: string): uPlot.Plugin {
  return {
    hooks: {
      drawSeries: [
        (u: uPlot, seriesIdx: number) => {
          if (seriesIdx !== 1) return;
          const xs = u.data[0];
          const lower = u.data[2];
          const upper = u.data[3];
          if (!lower || !upper) return;
          const ctx = u.ctx;
          const cap = 6 * devicePixelRatio;
          ctx.save();
          ctx.strokeStyle = color;
          ctx.lineWidth = 2 * devicePixelRatio;
          for (let i = 0; i < xs.length; i++) {
            const lo = lower[i];
            const hi = upper[i];
            const xv = xs[i];
            if (lo == null || hi == null || xv == null) continue;
            const x = u.valToPos(xv, 'x', true);
            const y0 = u.valToPos(lo, 'y', true);
            const y1 = u.valToPos(hi, 'y', true);
            ctx.beginPath();
            ctx.moveTo(x, y0);
            ctx.lineTo(x, y1);
            ctx.moveTo(x - cap, y0);
            ctx.lineTo(x + cap, y0);
            ctx.moveTo(x - cap, y1);
            ctx.lineTo(x + cap, y1);
            ctx.stroke();
          }
          ctx.restore();
        },
      ],
    },
  };
}

export function IntervalChart({
  points,
  categoryLabel,
  valueLabel,
  intervalLabel,
  label,
  height,
}: {
  points: IntervalPoint[];
  categoryLabel: string;
  valueLabel: string;
  intervalLabel: string;
  label: string;
  height?: number;
}) {
  const scheme = useColorScheme();
  const categories = useMemo(() => points.map((p) => p.category), [points]);

  const options = useMemo(() => {
    const palette = readChartPalette();
    const name = (i: number) => categories[i] ?? '';
    return {
      scales: {
        x: {
          time: false,
          range: (_u: uPlot, min: number, max: number) => [min - 0.6, max + 0.6] as uPlot.Range.MinMax,
        },
      },
      series: [
        { label: categoryLabel, value: (_u: uPlot, v: number | null) => (v == null ? '–' : name(v)) },
        {
          label: valueLabel,
          stroke: palette.accent,
          fill: palette.accent,
          width: 0,
          paths: () => null,
          points: { show: true, size: 9, fill: palette.accent, stroke: palette.accent },
        },
        { label: `${intervalLabel} lower`, stroke: palette.band, paths: () => null, points: { show: false } },
        { label: `${intervalLabel} upper`, stroke: palette.band, paths: () => null, points: { show: false } },
      ],
      axes: [
        {
          ...axisStyle(palette, categoryLabel),
          // Label at most ~20 categories so names never overlap; the table lists them all.
          splits: () => {
            const step = Math.max(1, Math.ceil(categories.length / 20));
            return categories.map((_, i) => i).filter((i) => i % step === 0);
          },
          values: (_u: uPlot, splits: number[]) => splits.map((v) => name(v)),
        },
        axisStyle(palette, valueLabel),
      ],
      plugins: [whiskers(palette.muted)],
      legend: { live: true },
    } satisfies Omit<uPlot.Options, 'width' | 'height'>;
  }, [scheme, categories, categoryLabel, valueLabel, intervalLabel]);

  const data = useMemo(
    (): uPlot.AlignedData => [
      points.map((_, i) => i),
      points.map((p) => p.value),
      points.map((p) => p.lower),
      points.map((p) => p.upper),
    ],
    [points],
  );

  return <UplotChart options={options} data={data} label={label} height={height} />;
}
