// How many engines fall in each remaining-life band, as a table whose count cells carry a bar: the
// counts stay text (readable, copyable, announced by screen readers) and the bars give the shape at a
// glance. Plain HTML rather than a uPlot canvas, which would hide the counts from assistive technology.
// Each band's label is a toggle button that narrows the engine list to that band's engines.
import { useId } from 'react';
import { EmptyState } from '../../../components/async-states';
import { HealthBadge, type StatusTone } from '../../../components/status-badge';
import {
  bandLabel,
  bandStatus,
  bandStatuses,
  type JudgedHealth,
  type RulBand,
  type Thresholds,
} from '../lib/rul-bands';
import { bandRange, sameRange, type RulRange } from '../lib/rul-range';

const TONE: Record<JudgedHealth, StatusTone> = { healthy: 'ok', warning: 'warning', critical: 'critical' };

const count = new Intl.NumberFormat('en');
const share = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 0 });

function showLabel(band: RulBand): string {
  const range = `remaining life ${bandLabel(band)} cycles`;
  if (band.count === 0) return `Show engines with ${range} (none at present)`;
  return `Show the ${count.format(band.count)} ${band.count === 1 ? 'engine' : 'engines'} with ${range}`;
}

export function RulBandHistogram({
  bands,
  thresholds,
  selected,
  onSelect,
}: {
  bands: readonly RulBand[];
  thresholds: Thresholds;
  /** The range the engine list is narrowed to; its band is shown pressed. */
  selected: RulRange | null;
  /** Called with a band's range, or null when the pressed band is pressed again. */
  onSelect: (range: RulRange | null) => void;
}) {
  const titleId = useId();
  const judged = bands.reduce((sum, band) => sum + band.count, 0);
  const largest = Math.max(1, ...bands.map((band) => band.count));
  return (
    <section className="panel" aria-labelledby={titleId}>
      <h2 id={titleId}>Remaining life across the fleet</h2>
      {judged === 0 ? (
        <EmptyState title="No predicted remaining life yet">
          <p>Bands fill in once engines have a prediction.</p>
        </EmptyState>
      ) : (
        <>
          <p className="muted">
            {count.format(judged)} {judged === 1 ? 'engine' : 'engines'} with a predicted RUL, per band of
            cycles; engines without a prediction or with a recorded failure are not counted.
          </p>
          <div className="table-scroll">
            <table className="rul-bands" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Remaining life (cycles)</th>
                  <th scope="col">Engines</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {bands.map((band, index) => {
                  const tone = TONE[bandStatus(band, thresholds)];
                  const range = bandRange(bands, index);
                  const pressed = sameRange(range, selected);
                  return (
                    <tr key={band.from} className={pressed ? 'selected' : undefined}>
                      <th scope="row" className="num">
                        <button
                          type="button"
                          className="link-button"
                          aria-pressed={pressed}
                          aria-label={showLabel(band)}
                          onClick={() => onSelect(pressed ? null : range)}
                        >
                          {bandLabel(band)}
                        </button>
                      </th>
                      <td>
                        <div className="rul-band">
                          <span className="rul-band-track" aria-hidden="true">
                            <span
                              className={`rul-band-bar ${tone}`}
                              style={{ width: `${(band.count / largest) * 100}%` }}
                            />
                          </span>
                          <span className="rul-band-count">
                            {count.format(band.count)}{' '}
                            <span className="muted">({share.format(band.count / judged)})</span>
                          </span>
                        </div>
                      </td>
                      <td>
                        <span className="row">
                          {bandStatuses(band, thresholds).map(({ status }) => (
                            <HealthBadge key={status} health={status} />
                          ))}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
