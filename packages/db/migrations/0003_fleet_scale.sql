-- Fleet scale: the fleet list pages by keyset on (sort key, id) at 10,000 engines and more, so each
-- sort has an index in that order (NULLS LAST, the list's order, is the default of an ascending one).
DROP INDEX engines_rul_idx;
--> statement-breakpoint
CREATE INDEX engines_rul_id_idx ON engines (rul, id);
--> statement-breakpoint
DROP INDEX engines_updated_at_idx;
--> statement-breakpoint
CREATE INDEX engines_updated_at_id_idx ON engines (updated_at, id);
--> statement-breakpoint
CREATE INDEX engines_last_cycle_id_idx ON engines (last_cycle, id);
--> statement-breakpoint
-- Telemetry grows by millions of rows a month: it is partitioned by arrival month, so retention
-- drops whole partitions instead of deleting rows (StorageRepository creates and drops them).
-- A unique key on a partitioned table must include the partition key, so (engine_id, cycle) has no
-- unique index any more: every writer row-locks the engine before it reads and inserts, which keeps
-- one row per (engine, cycle). The DEFAULT partition catches rows no monthly partition covers yet,
-- and keeps the rows of engines that ran to failure when their month is dropped (training data).
DROP INDEX telemetry_received_at_idx;
--> statement-breakpoint
ALTER TABLE telemetry RENAME TO telemetry_0002;
--> statement-breakpoint
CREATE TABLE telemetry (
  engine_id text NOT NULL REFERENCES engines (id) ON DELETE CASCADE,
  cycle integer NOT NULL CHECK (cycle >= 1),
  settings double precision[] NOT NULL CHECK (cardinality(settings) = 3),
  sensors double precision[] NOT NULL CHECK (cardinality(sensors) = 21),
  received_at timestamptz NOT NULL DEFAULT now()
) PARTITION BY RANGE (received_at);
--> statement-breakpoint
CREATE TABLE telemetry_kept PARTITION OF telemetry DEFAULT;
--> statement-breakpoint
-- Existing rows land in the DEFAULT partition; the first maintenance run moves them into monthly
-- partitions of their own.
INSERT INTO telemetry (engine_id, cycle, settings, sensors, received_at)
SELECT engine_id, cycle, settings, sensors, received_at FROM telemetry_0002;
--> statement-breakpoint
DROP TABLE telemetry_0002;
--> statement-breakpoint
CREATE INDEX telemetry_engine_cycle_idx ON telemetry (engine_id, cycle);
--> statement-breakpoint
-- Drift statistics read the most recently received rows fleet-wide.
CREATE INDEX telemetry_received_at_idx ON telemetry (received_at DESC);
--> statement-breakpoint
-- Prediction history, partitioned by creation month the same way (no rows are kept past retention).
DROP INDEX predictions_engine_cycle_idx;
--> statement-breakpoint
ALTER TABLE predictions RENAME TO predictions_0002;
--> statement-breakpoint
ALTER TABLE predictions_0002 RENAME CONSTRAINT predictions_pkey TO predictions_0002_pkey;
--> statement-breakpoint
CREATE TABLE predictions (
  id bigint GENERATED ALWAYS AS IDENTITY,
  engine_id text NOT NULL REFERENCES engines (id) ON DELETE CASCADE,
  cycle integer NOT NULL,
  rul double precision NOT NULL,
  rul_lower double precision NOT NULL,
  rul_upper double precision NOT NULL,
  model_version text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  warnings text[] NOT NULL DEFAULT '{}',
  model_name text,
  PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
--> statement-breakpoint
CREATE TABLE predictions_default PARTITION OF predictions DEFAULT;
--> statement-breakpoint
-- Ids are kept: the history's order among equal cycles and the trend's window depend on them.
INSERT INTO predictions (id, engine_id, cycle, rul, rul_lower, rul_upper, model_version, created_at, warnings, model_name)
OVERRIDING SYSTEM VALUE
SELECT id, engine_id, cycle, rul, rul_lower, rul_upper, model_version, created_at, warnings, model_name
FROM predictions_0002;
--> statement-breakpoint
SELECT setval(pg_get_serial_sequence('predictions', 'id'), coalesce((SELECT max(id) FROM predictions), 0) + 1, false);
--> statement-breakpoint
DROP TABLE predictions_0002;
--> statement-breakpoint
CREATE INDEX predictions_engine_cycle_idx ON predictions (engine_id, cycle DESC, id DESC);
