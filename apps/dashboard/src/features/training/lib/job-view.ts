// A training job's free-form parts (progress, metrics) arrive as `unknown`; read them defensively.
import type { EpochPoint, JobView } from '../components/job-progress';
import type { JobRowView } from '../components/jobs-table';

interface JobLike {
  id: string;
  status: string;
  subset: string | null;
  model: string | null;
  params: unknown;
  progress: unknown;
  metrics: unknown;
  logTail: string | null;
  modelVersion: string | null;
  error: string | null;
  createdAt: string;
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function progressOf(job: JobLike): { epoch: number; epochs: number; history: EpochPoint[] } {
  const progress = record(job.progress);
  const history = Array.isArray(progress.history) ? progress.history : [];
  const points = history.flatMap((h): EpochPoint[] => {
    const r = record(h);
    const epoch = num(r.epoch);
    return epoch === null ? [] : [{ epoch, valLoss: num(r.valLoss), trainLoss: num(r.trainLoss) }];
  });
  const epochs = num(progress.epochs) ?? num(record(job.params).epochs) ?? 0;
  const epoch = num(progress.epoch) ?? points.at(-1)?.epoch ?? 0;
  return { epoch, epochs, history: points };
}

function metricsOf(metrics: unknown): { label: string; value: string }[] {
  const root = record(metrics);
  const validation = record(root.validation);
  const source = Object.keys(validation).length > 0 ? validation : root;
  return Object.entries(source).flatMap(([key, value]) => {
    const n = num(value) ?? num(record(value).mean);
    if (n === null) return [];
    const shown =
      /coverage/i.test(key) && n <= 1
        ? `${(n * 100).toFixed(1)}%`
        : n.toLocaleString('en', { maximumFractionDigits: 3 });
    return [{ label: key, value: shown }];
  });
}

export function toJobView(job: JobLike): JobView {
  const { epoch, epochs, history } = progressOf(job);
  return {
    id: job.id,
    status: job.status,
    epochsDone: epoch,
    epochsTotal: epochs,
    history,
    metrics: metricsOf(job.metrics),
    logTail: job.logTail ? job.logTail.split('\n').filter((line) => line !== '') : [],
    modelVersion: job.modelVersion,
    error: job.error,
  };
}

export function toJobRow(job: JobLike): JobRowView {
  const { epoch, epochs } = progressOf(job);
  return {
    id: job.id,
    status: job.status,
    createdAt: job.createdAt,
    epochsDone: epoch,
    epochsTotal: epochs,
    subset: job.subset,
    model: job.model,
    modelVersion: job.modelVersion,
  };
}
