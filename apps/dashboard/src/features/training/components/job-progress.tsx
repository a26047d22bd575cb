// One training job as it runs: status, epochs done, validation loss per epoch (chart + last value),
// final metrics, the log tail, and a link to the model it produced.
import { useMemo } from 'react';
import { Link } from 'react-router';
import { TimeSeriesChart, type LineSpec } from '../../../components/charts/time-series-chart';
import { StatusBadge, type StatusTone } from '../../../components/status-badge';

export interface EpochPoint {
  epoch: number;
  valLoss: number | null;
  trainLoss?: number | null;
}

export interface JobView {
  id: string;
  status: string;
  epochsDone: number;
  epochsTotal: number;
  history: EpochPoint[];
  metrics: { label: string; value: string }[];
  logTail: string[];
  modelVersion: string | null;
  error?: string | null;
}

const TONES: Record<string, StatusTone> = {
  queued: 'neutral',
  running: 'warning',
  succeeded: 'ok',
  completed: 'ok',
  failed: 'critical',
  cancelled: 'neutral',
};

export function JobProgress({ job }: { job: JobView }) {
  const x = useMemo(() => job.history.map((p) => p.epoch), [job.history]);
  const lines = useMemo(() => {
    const out: LineSpec[] = [
      { label: 'Validation loss', values: job.history.map((p) => p.valLoss), color: 'accent' },
    ];
    if (job.history.some((p) => p.trainLoss != null))
      out.push({
        label: 'Training loss',
        values: job.history.map((p) => p.trainLoss ?? null),
        color: 'muted',
      });
    return out;
  }, [job.history]);
  const last = job.history.at(-1);
  const percent = job.epochsTotal > 0 ? Math.round((job.epochsDone / job.epochsTotal) * 100) : 0;

  return (
    <section className="panel stack" aria-labelledby={`job-${job.id}-title`}>
      <h2 id={`job-${job.id}-title`}>Training job {job.id}</h2>
      <div className="row">
        <StatusBadge tone={TONES[job.status] ?? 'neutral'}>{job.status}</StatusBadge>
        <label htmlFor={`job-${job.id}-progress`}>Epochs done</label>
        <progress id={`job-${job.id}-progress`} max={job.epochsTotal || 1} value={job.epochsDone}>
          {percent}%
        </progress>
        <span>
          {job.epochsDone} of {job.epochsTotal}
        </span>
        {last?.valLoss != null ? (
          <span className="muted">
            validation loss {last.valLoss.toLocaleString('en', { maximumSignificantDigits: 4 })}
          </span>
        ) : null}
      </div>
      {job.error ? (
        <div className="input-error" role="alert">
          {job.error}
        </div>
      ) : null}
      {job.history.length > 0 ? (
        <TimeSeriesChart
          x={x}
          xLabel="Epoch"
          yLabel="Loss"
          lines={lines}
          height={240}
          label={`Validation loss per epoch of training job ${job.id}`}
        />
      ) : (
        <p className="muted">No epoch has finished yet.</p>
      )}
      {job.metrics.length > 0 ? (
        <dl className="facts" aria-label="Job metrics">
          {job.metrics.map((m) => (
            <div key={m.label} style={{ display: 'contents' }}>
              <dt>{m.label}</dt>
              <dd>{m.value}</dd>
            </div>
          ))}
        </dl>
      ) : null}
      {job.modelVersion ? (
        <p>
          <Link className="button primary" to={`/models?version=${encodeURIComponent(job.modelVersion)}`}>
            Open model {job.modelVersion}
          </Link>
        </p>
      ) : null}
      {job.logTail.length > 0 ? (
        <details>
          <summary>Log (last {job.logTail.length} lines)</summary>
          <pre className="log">{job.logTail.join('\n')}</pre>
        </details>
      ) : null}
    </section>
  );
}
