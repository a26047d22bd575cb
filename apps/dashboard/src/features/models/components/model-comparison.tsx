// Two versions of one model name side by side, card metric by card metric (mean ± spread over the
// validation folds), with the change and whether it is better. Either version can be swapped for
// another of the same name.
import { useId } from 'react';
import { METRICS, formatMetric, metricDelta } from '../lib/model-metrics';
import type { ModelRowView } from './model-registry-table';

const VERDICT: Record<string, string> = { better: 'better', worse: 'worse', same: 'same', unknown: '' };

const describe = (row: ModelRowView) => (row.active ? `the active ${row.version}` : row.version);
const heading = (row: ModelRowView) => (row.active ? `Active ${row.version}` : row.version);

function VersionSelect({
  label,
  value,
  versions,
  onChange,
}: {
  label: string;
  value: string;
  versions: ModelRowView[];
  onChange: (version: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {versions.map((v) => (
          <option key={v.version} value={v.version}>
            {v.active ? `${v.version} (active)` : v.version}
          </option>
        ))}
      </select>
    </div>
  );
}

export function ModelComparison({
  name,
  versions,
  candidate,
  base,
  onPick,
  onActivate,
  onClose,
}: {
  name: string;
  /** Every version of this name. */
  versions: ModelRowView[];
  candidate: ModelRowView;
  /** Null when the name has no other version. */
  base: ModelRowView | null;
  onPick: (candidate: string, base: string | null) => void;
  onActivate: (version: string) => void;
  onClose: () => void;
}) {
  const titleId = useId();
  return (
    <section className="panel stack" aria-labelledby={titleId}>
      <h3 id={titleId}>
        Compare {candidate.version} with {base ? describe(base) : 'another version'}
      </h3>
      {base ? (
        <div className="row">
          <VersionSelect
            label="Version"
            value={candidate.version}
            versions={versions}
            onChange={(version) =>
              onPick(version, version === base.version ? candidate.version : base.version)
            }
          />
          <VersionSelect
            label="Compared with"
            value={base.version}
            versions={versions}
            onChange={(version) =>
              onPick(version === candidate.version ? base.version : candidate.version, version)
            }
          />
        </div>
      ) : (
        <p className="muted">{name} has no other version to compare with.</p>
      )}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">
            Metrics of {name} {candidate.version} and {base?.version ?? 'no other version'} side by side
          </caption>
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                {base ? heading(base) : '–'}
              </th>
              <th scope="col" className="num">
                {heading(candidate)}
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
                candidate.metrics[metric.key]?.mean ?? null,
                base?.metrics[metric.key]?.mean ?? null,
              );
              return (
                <tr key={metric.key}>
                  <th scope="row">
                    {metric.label}
                    <div className="hint">{metric.better} is better</div>
                  </th>
                  <td className="num">{formatMetric(metric.key, base?.metrics[metric.key], true)}</td>
                  <td className="num">{formatMetric(metric.key, candidate.metrics[metric.key], true)}</td>
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
      <p className="hint">
        Mean ± spread over the validation folds, as each version’s model card reports them; the change is{' '}
        {candidate.version} minus {base?.version ?? 'the other version'}.
      </p>
      <div className="row">
        {candidate.active ? null : (
          <button type="button" className="primary" onClick={() => onActivate(candidate.version)}>
            Activate {candidate.version}…
          </button>
        )}
        <button type="button" onClick={onClose}>
          Close comparison
        </button>
      </div>
    </section>
  );
}
