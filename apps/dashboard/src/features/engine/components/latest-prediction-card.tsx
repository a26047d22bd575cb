// The engine's most recent prediction: RUL with its interval, status, cycle, model version and warnings.
import { HealthBadge } from '../../../components/status-badge';
import { formatCycles, formatPercent } from '../../../lib/format/format-number';

export interface LatestPredictionView {
  cycle: number;
  rul: number;
  lower: number;
  upper: number;
  level: number;
  modelVersion: string;
  modelName?: string | null;
  warnings: string[];
  predictedAt?: string | null;
}

export function LatestPredictionCard({
  status,
  prediction,
}: {
  status: string;
  prediction: LatestPredictionView | null;
}) {
  return (
    <section className="panel stack" aria-labelledby="latest-prediction-title">
      <h2 id="latest-prediction-title">Latest prediction</h2>
      <p>
        <HealthBadge health={status} />
      </p>
      {prediction ? (
        <>
          <dl className="facts">
            <dt>RUL</dt>
            <dd>
              <strong>{formatCycles(prediction.rul)} cycles</strong>
            </dd>
            <dt>{formatPercent(prediction.level)} interval</dt>
            <dd>
              {formatCycles(prediction.lower)} – {formatCycles(prediction.upper)} cycles
            </dd>
            <dt>At cycle</dt>
            <dd>{prediction.cycle}</dd>
            <dt>Model</dt>
            <dd>
              {prediction.modelName ? <>{prediction.modelName} </> : null}
              <span>{prediction.modelVersion}</span>
            </dd>
            {prediction.predictedAt ? (
              <>
                <dt>Predicted</dt>
                <dd>{new Date(prediction.predictedAt).toLocaleString('en')}</dd>
              </>
            ) : null}
          </dl>
          {prediction.warnings.length > 0 ? (
            <div className="input-error">
              <strong>Warnings</strong>
              <ul aria-label="Prediction warnings">
                {prediction.warnings.map((warning) => (
                  <li key={warning}>{warning}</li>
                ))}
              </ul>
            </div>
          ) : (
            <p className="muted">No warnings.</p>
          )}
        </>
      ) : (
        <p className="muted">No prediction yet: the engine needs more cycles of telemetry.</p>
      )}
    </section>
  );
}
