// The models in service: every served model with its version and state (the default one marked), and
// one model's card: versions, interval, golden check and validation metrics.
import { useState } from 'react';
import { QueryView } from '../../../components/async-states';
import { StatusBadge } from '../../../components/status-badge';
import { useServedModels } from '../../../lib/api/served-models';
import { formatPercent } from '../../../lib/format/format-number';
import { useActiveModel, type ActiveModel } from '../api/get-active-model';
import { field, humanize, validationMetrics, validationProtocol, type Metric } from '../lib/card-fields';
import { ServedModelsTable, stateTone } from './served-models-table';

function formatMetric({ key, value, sd }: Metric): string {
  const asPercent = /coverage/i.test(key) && value <= 1;
  const show = (v: number) =>
    asPercent ? `${(v * 100).toFixed(1)}%` : v.toLocaleString('en', { maximumFractionDigits: 2 });
  return sd !== undefined && sd > 0 ? `${show(value)} ± ${show(sd)}` : show(value);
}

function ModelFacts({ model }: { model: ActiveModel }) {
  const metrics = validationMetrics(model.metrics);
  const protocol = validationProtocol(model.metrics);
  const opset = field(model.onnx, 'opset');
  const dataSource = [field(model.data, 'source'), field(model.data, 'subset')].filter(Boolean).join(' ');
  return (
    <div className="grid-2">
      <dl className="facts" aria-label="Model details">
        <dt>Name</dt>
        <dd>{model.name}</dd>
        <dt>Version</dt>
        <dd>{model.version}</dd>
        <dt>State</dt>
        <dd>
          <StatusBadge tone={stateTone(model.state)}>{model.state}</StatusBadge>
        </dd>
        {model.createdAt ? (
          <>
            <dt>Created</dt>
            <dd>{new Date(model.createdAt).toLocaleString('en')}</dd>
          </>
        ) : null}
        <dt>Window</dt>
        <dd>{model.window} cycles</dd>
        <dt>RUL cap</dt>
        <dd>{model.maxRul} cycles</dd>
        <dt>Interval</dt>
        <dd>{formatPercent(model.intervalLevel)}</dd>
        <dt>Input channels</dt>
        <dd>{model.channels.length}</dd>
        {opset ? (
          <>
            <dt>ONNX opset</dt>
            <dd>{opset}</dd>
          </>
        ) : null}
        {dataSource ? (
          <>
            <dt>Training data</dt>
            <dd>{dataSource}</dd>
          </>
        ) : null}
        {model.goldenCheck ? (
          <>
            <dt>Golden check</dt>
            <dd>
              <StatusBadge tone={model.goldenCheck.ok ? 'ok' : 'critical'}>
                {model.goldenCheck.ok ? 'Pass' : 'Fail'}
              </StatusBadge>{' '}
              <span className="muted">
                {model.goldenCheck.examples} examples, max error{' '}
                {model.goldenCheck.maxAbsError.toExponential(1)}
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      <div>
        <h3>Validation metrics</h3>
        {metrics.length === 0 ? (
          <p className="muted">The model card lists no validation metrics.</p>
        ) : (
          <table>
            <caption className="visually-hidden">Validation metrics</caption>
            <tbody>
              {metrics.map((metric) => (
                <tr key={metric.key}>
                  <th scope="row">{humanize(metric.key)}</th>
                  <td className="num">{formatMetric(metric)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {protocol ? (
          <details>
            <summary>How these were measured</summary>
            <p className="hint">{protocol}</p>
          </details>
        ) : null}
      </div>
    </div>
  );
}

export function ActiveModelPanel() {
  const served = useServedModels();
  // undefined: the default model's card (GET /models/active without a name).
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const defaultName = served.data?.find((m) => m.default)?.name;
  const card = useActiveModel(chosen === defaultName ? undefined : chosen);
  return (
    <section className="panel stack" aria-labelledby="active-model-title">
      <h2 id="active-model-title">Models in service</h2>
      <QueryView
        query={served}
        loadingLabel="Loading the served models…"
        errorTitle="The served models could not be loaded"
      >
        {(models) => <ServedModelsTable models={models} shown={chosen ?? defaultName} onShow={setChosen} />}
      </QueryView>
      <h3>Card of {card.data?.name ?? chosen ?? 'the default model'}</h3>
      <QueryView
        query={card}
        loadingLabel="Loading the model card…"
        errorTitle="The model card could not be loaded"
      >
        {(model) => <ModelFacts model={model} />}
      </QueryView>
    </section>
  );
}
