// Real uPlot and chart wrappers; jsdom's missing canvas is stubbed (test/browser-stubs.ts), so drawing is not checked.
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { IntervalChart } from './interval-chart';
import { TimeSeriesChart } from './time-series-chart';

describe('chart wrappers', () => {
  it('mount uPlot with a labelled legend and accessible name', () => {
    const { container, unmount } = render(
      <TimeSeriesChart
        x={[1, 2, 3]}
        xLabel="Cycle"
        yLabel="RUL"
        lines={[{ label: 'Predicted RUL', values: [90, 80, 70], color: 'accent' }]}
        band={{ label: '90% interval', lower: [70, 60, 50], upper: [110, 100, 90] }}
        thresholds={[{ label: 'Critical', value: 20, color: 'critical' }]}
        label="RUL over cycles"
      />,
    );
    expect(screen.getByRole('img', { name: 'RUL over cycles' })).toBeInTheDocument();
    expect(container.querySelector('.uplot')).not.toBeNull();
    const legend = container.querySelector('.u-legend')?.textContent ?? '';
    for (const name of ['Predicted RUL', '90% interval (upper)', '90% interval (lower)', 'Critical'])
      expect(legend).toContain(name);
    unmount();
    expect(container.querySelector('.uplot')).toBeNull();
  });

  it('draws one interval per category', () => {
    const { container } = render(
      <IntervalChart
        points={[
          { category: 'ENG-1', value: 50, lower: 30, upper: 70 },
          { category: 'ENG-2', value: 20, lower: 5, upper: 35 },
        ]}
        categoryLabel="Engine"
        valueLabel="RUL"
        intervalLabel="90% interval"
        label="RUL per engine"
      />,
    );
    expect(screen.getByRole('img', { name: 'RUL per engine' })).toBeInTheDocument();
    expect(container.querySelector('.u-legend')?.textContent).toContain('90% interval lower');
  });
});
