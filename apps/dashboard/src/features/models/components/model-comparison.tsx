// A staged model next to the active one, metric by metric, with the change and whether it is better.
import { METRICS, formatMetric, metricDelta } from '../lib/model-metrics';
import type { ModelRowView } from './model-registry-table';

const VERDICT: Record<string, string> = { better: 'better', worse: 'worse', same: 'same', unknown: '' };

export function ModelComparison({
  candidate,
  active,
  onActivate,
  onClose,
}: {
  candidate: ModelRowView;
  active: ModelRowView | null;
  onActivate: (version: string) => void;
  onClose: () => void;
}) {
  return (
    <section className="panel stack" aria-labelledby="compare-title">
      <h2 id="compare-title">
        Compare {candidate.version} with {active ? `the active ${active.version}` : 'the active model'}
      </h2>
      {active ? null : <p className="muted">No model is active, so there is nothing to compare against.</p>}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Metrics side by side</caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Active {active?.version ?? ''}
              </th>
              <th scope="col" className="num">
                Staged {candidate.version}
              </th>
              <th scope="col" className="num">
                Change
              </th>
            </tr>
          </thead>
          <tbody>
            {METRICS.map((metric) => {
              const delta = metricDelta(
                metric.key,
                candidate.metrics[metric.key],
                active?.metrics[metric.key] ?? null,
              );
              return (
                <tr key={metric.key}>
                  <th scope="row">
                    {metric.label}
                    <div className="hint">{metric.better} is better</div>
                  </th>
                  <td className="num">{formatMetric(metric.key, active?.metrics[metric.key])}</td>
                  <td className="num">{formatMetric(metric.key, candidate.metrics[metric.key])}</td>
                  <td className={`num delta ${delta.verdict}`}>
                    {delta.text}
                    {VERDICT[delta.verdict] ? ` (${VERDICT[delta.verdict]})` : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="row">
        <button type="button" className="primary" onClick={() => onActivate(candidate.version)}>
          Activate {candidate.version}…
        </button>
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </div>
    </section>
  );
}
