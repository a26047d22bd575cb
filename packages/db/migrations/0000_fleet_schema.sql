-- Fleet data schema. Statements are separated by breakpoints because the embedded driver runs
-- each one through the extended protocol, which accepts a single statement at a time.
-- Tables are unqualified on purpose: they land in the connection's search_path schema, which lets
-- tests (and side-by-side deployments) use a schema of their own.
CREATE TABLE engines (
  id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 128),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'failed')),
  last_cycle integer,
  failed_at_cycle integer CHECK (failed_at_cycle IS NULL OR failed_at_cycle >= 1),
  rul double precision,
  rul_lower double precision,
  rul_upper double precision,
  prediction_cycle integer,
  model_version text,
  predicted_at timestamptz,
  trend double precision,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX engines_rul_idx ON engines (rul);
--> statement-breakpoint
CREATE INDEX engines_updated_at_idx ON engines (updated_at);
--> statement-breakpoint
CREATE TABLE telemetry (
  engine_id text NOT NULL REFERENCES engines (id) ON DELETE CASCADE,
  cycle integer NOT NULL CHECK (cycle >= 1),
  settings double precision[] NOT NULL CHECK (cardinality(settings) = 3),
  sensors double precision[] NOT NULL CHECK (cardinality(sensors) = 21),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (engine_id, cycle)
);
--> statement-breakpoint
-- Drift statistics read the most recently received rows fleet-wide.
CREATE INDEX telemetry_received_at_idx ON telemetry (received_at DESC);
--> statement-breakpoint
CREATE TABLE predictions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  engine_id text NOT NULL REFERENCES engines (id) ON DELETE CASCADE,
  cycle integer NOT NULL,
  rul double precision NOT NULL,
  rul_lower double precision NOT NULL,
  rul_upper double precision NOT NULL,
  model_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE INDEX predictions_engine_cycle_idx ON predictions (engine_id, cycle DESC, id DESC);
--> statement-breakpoint
CREATE TABLE models (
  version text PRIMARY KEY,
  name text NOT NULL,
  card jsonb NOT NULL,
  onnx bytea,
  artifact_path text,
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  status text NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'active', 'retired')),
  metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  activated_at timestamptz,
  CHECK (onnx IS NOT NULL OR artifact_path IS NOT NULL)
);
--> statement-breakpoint
-- The database itself guarantees there is never more than one active model.
CREATE UNIQUE INDEX models_single_active_idx ON models (status) WHERE status = 'active';
--> statement-breakpoint
CREATE TABLE model_activations (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  version text NOT NULL REFERENCES models (version),
  previous_version text REFERENCES models (version),
  -- Where a rollback from this state goes; rollbacks inherit it so repeated rollbacks walk back.
  rollback_to text REFERENCES models (version),
  action text NOT NULL CHECK (action IN ('activate', 'rollback')),
  actor text NOT NULL,
  reason text,
  created_at timestamptz NOT NULL DEFAULT now()
);
--> statement-breakpoint
CREATE TABLE training_jobs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status text NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  data_source text NOT NULL CHECK (data_source IN ('fleet', 'upload')),
  data_text text,
  progress jsonb,
  metrics jsonb,
  log_tail text,
  model_version text,
  worker_id text,
  error text,
  attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  started_at timestamptz,
  finished_at timestamptz,
  heartbeat_at timestamptz,
  CHECK (data_source = 'fleet' OR data_text IS NOT NULL)
);
--> statement-breakpoint
-- Workers scan only queued jobs, oldest first.
CREATE INDEX training_jobs_queue_idx ON training_jobs (created_at, id) WHERE status = 'queued';
--> statement-breakpoint
CREATE INDEX training_jobs_running_idx ON training_jobs (heartbeat_at) WHERE status = 'running';
