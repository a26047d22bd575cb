// The one place that owns a uPlot instance: creates it, follows the container's width, destroys it.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export type ChartOptions = Omit<uPlot.Options, 'width' | 'height'>;

export function UplotChart({
  options,
  data,
  height = 280,
  label,
}: {
  /** Recreates the chart when its identity changes: memoise it. */
  options: ChartOptions;
  data: uPlot.AlignedData;
  height?: number;
  /** Accessible name; pair every chart with a table of the same numbers. */
  label: string;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const chartRef = useRef<uPlot | null>(null);
  const dataRef = useRef(data);
  dataRef.current = data;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const width = Math.max(container.clientWidth, 240);
    const chart = new uPlot({ ...options, width, height }, dataRef.current, container);
    chartRef.current = chart;
    let observer: ResizeObserver | undefined;
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver((entries) => {
        const next = entries[0]?.contentRect.width;
        if (next && Math.abs(next - chart.width) > 1) chart.setSize({ width: Math.max(next, 240), height });
      });
      observer.observe(container);
    }
    return () => {
      observer?.disconnect();
      chart.destroy();
      chartRef.current = null;
    };
  }, [options, height]);

  useEffect(() => {
    chartRef.current?.setData(data);
  }, [data]);

  return <div ref={containerRef} className="chart" role="img" aria-label={label} data-testid="chart" />;
}
