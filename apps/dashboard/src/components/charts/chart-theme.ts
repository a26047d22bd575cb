// uPlot paints on canvas, which cannot read CSS variables: resolve the theme tokens to colours once per scheme.

export type ChartColor = 'accent' | 'band' | 'ok' | 'warning' | 'critical' | 'muted' | 'text' | 'grid';

const TOKENS: Record<ChartColor, [cssVariable: string, fallback: string]> = {
  accent: ['--accent', '#1f5fbf'],
  band: ['--band', 'rgba(31, 95, 191, 0.18)'],
  ok: ['--ok', '#1d7a3e'],
  warning: ['--warning', '#8a5a00'],
  critical: ['--critical', '#b3261e'],
  muted: ['--text-muted', '#556173'],
  text: ['--text', '#1b2330'],
  grid: ['--grid', 'rgba(27, 35, 48, 0.1)'],
};

export type ChartPalette = Record<ChartColor, string>;

export function readChartPalette(root: Element = document.documentElement): ChartPalette {
  const style = getComputedStyle(root);
  const palette = {} as ChartPalette;
  for (const [name, [variable, fallback]] of Object.entries(TOKENS) as [ChartColor, [string, string]][]) {
    palette[name] = style.getPropertyValue(variable).trim() || fallback;
  }
  return palette;
}

/** Axis styling shared by every chart. */
export function axisStyle(palette: ChartPalette, label?: string) {
  return {
    label,
    stroke: palette.muted,
    grid: { stroke: palette.grid, width: 1 },
    ticks: { stroke: palette.grid, width: 1 },
  };
}
