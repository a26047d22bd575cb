"""The job worker's SQL, verbatim from packages/db/README.md ("Training worker SQL").

packages/db/src/repositories/training-jobs-sql.ts holds the same statements for the API;
training-jobs-sql.test.ts beside it fails when the three copies drift apart. Every statement
after the claim is guarded by ``worker_id`` and ``status = 'running'``: no row back means the job
was cancelled or reclaimed and the worker must stop working on it.
"""

from __future__ import annotations

CLAIM = """
UPDATE training_jobs
SET status = 'running', worker_id = %(worker)s, started_at = now(), heartbeat_at = now(),
    attempts = attempts + 1, error = NULL
WHERE id = (
  SELECT id FROM training_jobs
  WHERE status = 'queued'
  ORDER BY created_at, id
  LIMIT 1
  FOR UPDATE SKIP LOCKED
)
RETURNING *"""

PROGRESS = """
UPDATE training_jobs
SET progress = %(progress)s::jsonb, log_tail = coalesce(%(log_tail)s, log_tail), heartbeat_at = now()
WHERE id = %(id)s AND worker_id = %(worker)s AND status = 'running'
RETURNING id"""

COMPLETE = """
UPDATE training_jobs
SET status = 'succeeded', metrics = %(metrics)s::jsonb, model_version = %(model_version)s,
    log_tail = coalesce(%(log_tail)s, log_tail), finished_at = now(), heartbeat_at = now()
WHERE id = %(id)s AND worker_id = %(worker)s AND status = 'running'
RETURNING id"""

FAIL = """
UPDATE training_jobs
SET status = 'failed', error = %(error)s, log_tail = coalesce(%(log_tail)s, log_tail),
    finished_at = now(), heartbeat_at = now()
WHERE id = %(id)s AND worker_id = %(worker)s AND status = 'running'
RETURNING id"""

# The API's reclaimStale: quiet running jobs go back to the queue, or fail once they used up
# their attempts. The worker runs it before each claim so a fleet without the API still recovers.
RECLAIM_STALE = """
UPDATE training_jobs
SET status = CASE WHEN attempts >= %(max_attempts)s THEN 'failed' ELSE 'queued' END,
    error = CASE WHEN attempts >= %(max_attempts)s THEN 'worker stopped sending heartbeats' ELSE error END,
    finished_at = CASE WHEN attempts >= %(max_attempts)s THEN now() END,
    worker_id = CASE WHEN attempts >= %(max_attempts)s THEN worker_id END
WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => %(timeout)s)
RETURNING id, status"""

# A worker told to stop hands its job back at once with exactly the outcome a stale reclaim would
# give it later (requeued, or failed after max attempts), instead of leaving it to time out.
RELEASE = """
UPDATE training_jobs
SET status = CASE WHEN attempts >= %(max_attempts)s THEN 'failed' ELSE 'queued' END,
    error = CASE WHEN attempts >= %(max_attempts)s THEN %(error)s ELSE error END,
    finished_at = CASE WHEN attempts >= %(max_attempts)s THEN now() END,
    worker_id = CASE WHEN attempts >= %(max_attempts)s THEN worker_id END,
    log_tail = coalesce(%(log_tail)s, log_tail)
WHERE id = %(id)s AND worker_id = %(worker)s AND status = 'running'
RETURNING id, status"""

# The engines judged by the job's model (assigned to it, or last predicted by it; engines no named
# model has judged yet count for every model). With several kinds of fleet served at once, a model
# learns only from the fleet it judges. A model no engine is judged by yet (a first version) learns
# from every failed engine.
FLEET_RUN_TO_FAILURE = """
SELECT t.engine_id, t.cycle, t.settings, t.sensors, e.failed_at_cycle - t.cycle AS rul
FROM engines e JOIN telemetry t ON t.engine_id = e.id AND t.cycle <= e.failed_at_cycle
WHERE e.failed_at_cycle IS NOT NULL
  AND (%(model)s::text IS NULL
       OR coalesce(e.model_name, e.prediction_model, %(model)s::text) = %(model)s::text
       OR NOT EXISTS (SELECT 1 FROM engines j
                      WHERE coalesce(j.model_name, j.prediction_model) = %(model)s::text))
ORDER BY t.engine_id, t.cycle"""

# Same columns as the API's ModelsRepository.register; a new model is always 'staged' (promotion is
# the API's decision). Runs in the COMPLETE transaction, so a cancelled job registers nothing.
REGISTER_MODEL = """
INSERT INTO models (version, name, card, onnx, sha256, status, metrics)
VALUES (%(version)s, %(name)s, %(card)s::jsonb, %(onnx)s, %(sha256)s, 'staged', %(metrics)s::jsonb)
ON CONFLICT (version) DO NOTHING
RETURNING version"""
