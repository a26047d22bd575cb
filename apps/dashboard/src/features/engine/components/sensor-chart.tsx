// Chosen sensors over cycles: labelled checkboxes pick the channels, one uPlot chart draws them.
import { useMemo, useState } from 'react';
import type { ChartColor } from '../../../components/charts/chart-theme';
import { TimeSeriesChart } from '../../../components/charts/time-series-chart';
import { EmptyState } from '../../../components/async-states';

export interface SensorSeries {
  name: string;
  values: (number | null)[];
}

/** Sensors sit on very different scales (≈ 47 to ≈ 9000); z-scores let several share one axis. */
function standardise(values: (number | null)[]): (number | null)[] {
  const finite = values.filter((v): v is number => v != null && Number.isFinite(v));
  if (finite.length === 0) return values;
  const mean = finite.reduce((a, b) => a + b, 0) / finite.length;
  const sd = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / finite.length);
  return values.map((v) => (v == null ? null : sd > 0 ? (v - mean) / sd : 0));
}

const COLORS: ChartColor[] = ['accent', 'warning', 'ok', 'critical', 'muted', 'text'];
const MAX_SELECTED = COLORS.length;

export function SensorChart({
  engineName,
  cycles,
  sensors,
  initial,
}: {
  engineName: string;
  cycles: number[];
  sensors: SensorSeries[];
  /** Channels ticked at first; defaults to the first three. */
  initial?: string[];
}) {
  const [selected, setSelected] = useState<string[]>(() => initial ?? sensors.slice(0, 3).map((s) => s.name));
  const [scaled, setScaled] = useState(true);
  const chosen = useMemo(() => sensors.filter((s) => selected.includes(s.name)), [sensors, selected]);
  const lines = useMemo(
    () =>
      chosen.map((s, i) => ({
        label: s.name,
        values: scaled ? standardise(s.values) : s.values,
        color: COLORS[i % COLORS.length] as ChartColor,
      })),
    [chosen, scaled],
  );
  const toggle = (name: string, on: boolean) =>
    setSelected((current) => (on ? [...current, name] : current.filter((n) => n !== name)));

  return (
    <div className="stack">
      <fieldset className="checkbox-grid">
        <legend>Sensors to plot (up to {MAX_SELECTED})</legend>
        {sensors.map((sensor) => {
          const checked = selected.includes(sensor.name);
          return (
            <label key={sensor.name}>
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && selected.length >= MAX_SELECTED}
                onChange={(event) => toggle(sensor.name, event.target.checked)}
              />
              {sensor.name}
            </label>
          );
        })}
      </fieldset>
      <label className="row">
        <input type="checkbox" checked={scaled} onChange={(event) => setScaled(event.target.checked)} />
        Standardise each sensor (z-score), so sensors on different scales share one axis
      </label>
      {lines.length === 0 ? (
        <EmptyState title="No sensor selected">
          <p>Tick one or more sensors above to plot them.</p>
        </EmptyState>
      ) : (
        <TimeSeriesChart
          x={cycles}
          xLabel="Cycle"
          yLabel={scaled ? 'Reading (z-score)' : 'Reading'}
          lines={lines}
          label={`Sensor readings of engine ${engineName} over cycles: ${chosen.map((s) => s.name).join(', ')}`}
        />
      )}
    </div>
  );
}
