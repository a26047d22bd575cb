// Input drift per sensor. This API version publishes no drift endpoint, so the panel says so plainly
// and shows the training reference (from the model card) that drift will be measured against.
import { StatusBadge } from '../../../components/status-badge';
import { useActiveModel } from '../api/get-active-model';
import { trainingChannelStats } from '../lib/card-fields';

const fmt = (v: number) =>
  Number.isFinite(v) ? v.toLocaleString('en', { maximumSignificantDigits: 5 }) : '–';

export function DriftPanel() {
  const model = useActiveModel();
  const stats = trainingChannelStats(model.data?.trainingStats);
  return (
    <section className="panel stack" aria-labelledby="drift-title">
      <h2 id="drift-title">Input drift per sensor</h2>
      <p>
        <StatusBadge tone="neutral">Not available on this API version</StatusBadge>
      </p>
      <p className="muted">
        The API does not offer drift scores over HTTP yet. Until it does, watch the{' '}
        <code>rul_input_drift_score</code> metric in Grafana.
      </p>
      {stats.length > 0 ? (
        <details>
          <summary>Training reference per channel ({stats.length} channels)</summary>
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">Training statistics per input channel</caption>
              <thead>
                <tr>
                  <th scope="col">Channel</th>
                  <th scope="col" className="num">
                    Mean
                  </th>
                  <th scope="col" className="num">
                    Std
                  </th>
                  <th scope="col" className="num">
                    Min
                  </th>
                  <th scope="col" className="num">
                    Max
                  </th>
                </tr>
              </thead>
              <tbody>
                {stats.map((s) => (
                  <tr key={s.name}>
                    <th scope="row">{s.name}</th>
                    <td className="num">{fmt(s.mean)}</td>
                    <td className="num">{fmt(s.std)}</td>
                    <td className="num">{fmt(s.min)}</td>
                    <td className="num">{fmt(s.max)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </section>
  );
}
