import type { Database } from '../database.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import {
  CLAIM_NEXT_SQL,
  COMPLETE_SQL,
  FAIL_SQL,
  RECLAIM_STALE_SQL,
  REPORT_PROGRESS_SQL,
} from './training-jobs-sql.js';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];

export interface JobProgress {
  epoch: number;
  epochs: number;
  trainLoss: number | null;
  valLoss: number | null;
  history: { epoch: number; trainLoss: number | null; valLoss: number | null }[];
}

export interface NewTrainingJob {
  params?: Record<string, unknown>;
  dataSource: 'fleet' | 'upload';
  /** The uploaded training file (C-MAPSS text); required when dataSource is 'upload'. */
  dataText?: string;
}

export interface TrainingJob {
  id: string;
  status: JobStatus;
  params: Record<string, unknown>;
  dataSource: 'fleet' | 'upload';
  /** Only filled by get(); listings leave the upload out. */
  dataText: string | null;
  progress: JobProgress | null;
  metrics: Record<string, unknown> | null;
  logTail: string | null;
  modelVersion: string | null;
  workerId: string | null;
  error: string | null;
  attempts: number;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  heartbeatAt: Date | null;
}

interface JobRow {
  id: string;
  status: JobStatus;
  params: Record<string, unknown>;
  data_source: 'fleet' | 'upload';
  data_text?: string | null;
  progress: JobProgress | null;
  metrics: Record<string, unknown> | null;
  log_tail: string | null;
  model_version: string | null;
  worker_id: string | null;
  error: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  heartbeat_at: Date | null;
}

const LIST_COLUMNS = `id, status, params, data_source, progress, metrics, log_tail, model_version, worker_id,
  error, attempts, created_at, started_at, finished_at, heartbeat_at`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toJob(r: JobRow): TrainingJob {
  return {
    id: r.id,
    status: r.status,
    params: r.params,
    dataSource: r.data_source,
    dataText: r.data_text ?? null,
    progress: r.progress,
    metrics: r.metrics,
    logTail: r.log_tail,
    modelVersion: r.model_version,
    workerId: r.worker_id,
    error: r.error,
    attempts: r.attempts,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    heartbeatAt: r.heartbeat_at,
  };
}

export class TrainingJobsRepository {
  constructor(private readonly db: Database) {}

  async enqueue(job: NewTrainingJob): Promise<TrainingJob> {
    if (job.dataSource !== 'fleet' && job.dataSource !== 'upload') {
      throw new ValidationError("dataSource must be 'fleet' or 'upload'", { field: 'dataSource' });
    }
    if (job.dataSource === 'upload' && !job.dataText) {
      throw new ValidationError("dataText is required when dataSource is 'upload'", { field: 'dataText' });
    }
    const res = await this.db.query<JobRow>(
      `INSERT INTO training_jobs (params, data_source, data_text) VALUES ($1::jsonb, $2, $3) RETURNING *`,
      [JSON.stringify(job.params ?? {}), job.dataSource, job.dataText ?? null],
    );
    return toJob(res.rows[0] as JobRow);
  }

  async list(query: { status?: JobStatus; limit?: number; offset?: number } = {}): Promise<TrainingJob[]> {
    if (query.status && !JOB_STATUSES.includes(query.status)) {
      throw new ValidationError(`unknown status '${query.status}'`, { field: 'status' });
    }
    const res = await this.db.query<JobRow>(
      `SELECT ${LIST_COLUMNS} FROM training_jobs WHERE ($1::text IS NULL OR status = $1)
       ORDER BY created_at DESC, id LIMIT $2 OFFSET $3`,
      [query.status ?? null, query.limit ?? 50, query.offset ?? 0],
    );
    return res.rows.map(toJob);
  }

  async get(id: string): Promise<TrainingJob | null> {
    if (!UUID.test(id)) return null;
    const res = await this.db.query<JobRow>('SELECT * FROM training_jobs WHERE id = $1', [id]);
    return res.rows[0] ? toJob(res.rows[0]) : null;
  }

  /** Cancels a queued or running job; a running worker notices on its next progress report. */
  async cancel(id: string): Promise<TrainingJob> {
    const job = await this.get(id);
    if (!job) throw new NotFoundError('training job', id);
    const res = await this.db.query<JobRow>(
      `UPDATE training_jobs SET status = 'cancelled', finished_at = now()
       WHERE id = $1 AND status IN ('queued', 'running') RETURNING *`,
      [id],
    );
    if (!res.rows[0]) throw new ConflictError('JOB_FINISHED', `training job '${id}' already ${job.status}`);
    return toJob(res.rows[0]);
  }

  // Worker side. The Python trainer issues the same statements (training-jobs-sql.ts).

  /** Claims the oldest queued job for `workerId`; null when the queue is empty. */
  async claimNext(workerId: string): Promise<TrainingJob | null> {
    return this.db.transaction(async (tx) => {
      const res = await tx.query<JobRow>(CLAIM_NEXT_SQL, [workerId]);
      return res.rows[0] ? toJob(res.rows[0]) : null;
    });
  }

  /** Records progress and heartbeats; false means the job is no longer this worker's: stop. */
  async reportProgress(
    id: string,
    workerId: string,
    progress: JobProgress,
    logTail?: string,
  ): Promise<boolean> {
    const res = await this.db.query(REPORT_PROGRESS_SQL, [
      id,
      workerId,
      JSON.stringify(progress),
      logTail ?? null,
    ]);
    return res.rowCount > 0;
  }

  async complete(
    id: string,
    workerId: string,
    result: { metrics: Record<string, unknown>; modelVersion: string; logTail?: string },
  ): Promise<boolean> {
    const res = await this.db.query(COMPLETE_SQL, [
      id,
      workerId,
      JSON.stringify(result.metrics),
      result.modelVersion,
      result.logTail ?? null,
    ]);
    return res.rowCount > 0;
  }

  async fail(id: string, workerId: string, error: string, logTail?: string): Promise<boolean> {
    const res = await this.db.query(FAIL_SQL, [id, workerId, error, logTail ?? null]);
    return res.rowCount > 0;
  }

  /** Requeues (or fails, after maxAttempts) running jobs without a heartbeat for timeoutSeconds. */
  async reclaimStale(options: {
    timeoutSeconds: number;
    maxAttempts?: number;
  }): Promise<{ id: string; status: JobStatus }[]> {
    const res = await this.db.query<{ id: string; status: JobStatus }>(RECLAIM_STALE_SQL, [
      options.timeoutSeconds,
      options.maxAttempts ?? 3,
    ]);
    return res.rows;
  }
}
