// The worker-side statements, shared verbatim with the Python trainer's worker_sql.py and
// packages/db/README.md (both with psycopg placeholders); training-jobs-sql.test.ts fails on drift. Every worker statement is guarded by worker_id and
// status = 'running': a worker whose job was cancelled or reclaimed gets no row back and must stop.

/** $1 worker id. Claims the oldest queued job; concurrent claimers skip each other's locked rows. */
export const CLAIM_NEXT_SQL = `
UPDATE training_jobs
SET status = 'running', worker_id = $1, started_at = now(), heartbeat_at = now(),
    attempts = attempts + 1, error = NULL
WHERE id = (
  SELECT id FROM training_jobs
  WHERE status = 'queued'
  ORDER BY created_at, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED
)
RETURNING *`;

/** $1 job id, $2 worker id, $3 progress jsonb, $4 log tail (null keeps the previous one). Also the heartbeat. */
export const REPORT_PROGRESS_SQL = `
UPDATE training_jobs
SET progress = $3::jsonb, log_tail = coalesce($4, log_tail), heartbeat_at = now()
WHERE id = $1 AND worker_id = $2 AND status = 'running'
RETURNING id`;

/** $1 job id, $2 worker id, $3 metrics jsonb, $4 model version, $5 log tail. */
export const COMPLETE_SQL = `
UPDATE training_jobs
SET status = 'succeeded', metrics = $3::jsonb, model_version = $4, log_tail = coalesce($5, log_tail),
    finished_at = now(), heartbeat_at = now()
WHERE id = $1 AND worker_id = $2 AND status = 'running'
RETURNING id`;

/** $1 job id, $2 worker id, $3 error message, $4 log tail. */
export const FAIL_SQL = `
UPDATE training_jobs
SET status = 'failed', error = $3, log_tail = coalesce($4, log_tail), finished_at = now(), heartbeat_at = now()
WHERE id = $1 AND worker_id = $2 AND status = 'running'
RETURNING id`;

/**
 * $1 heartbeat timeout in seconds, $2 max attempts. Running jobs whose worker went quiet go back to
 * the queue, or fail once they have used up their attempts.
 */
export const RECLAIM_STALE_SQL = `
UPDATE training_jobs
SET status = CASE WHEN attempts >= $2 THEN 'failed' ELSE 'queued' END,
    error = CASE WHEN attempts >= $2 THEN 'worker stopped sending heartbeats' ELSE error END,
    finished_at = CASE WHEN attempts >= $2 THEN now() END,
    worker_id = CASE WHEN attempts >= $2 THEN worker_id END
WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1)
RETURNING id, status`;
