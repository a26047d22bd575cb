-- Several models are served at once (one per fleet kind, e.g. one per C-MAPSS subset): the registry
-- keeps one active version per model name, and activating or rolling back a name leaves the others.
DROP INDEX models_single_active_idx;
--> statement-breakpoint
-- The database itself guarantees there is never more than one active version of a name.
CREATE UNIQUE INDEX models_active_per_name_idx ON models (name) WHERE status = 'active';
--> statement-breakpoint
ALTER TABLE model_activations ADD COLUMN name text;
--> statement-breakpoint
UPDATE model_activations a SET name = m.name FROM models m WHERE m.version = a.version;
--> statement-breakpoint
ALTER TABLE model_activations ALTER COLUMN name SET NOT NULL;
--> statement-breakpoint
CREATE INDEX model_activations_name_idx ON model_activations (name, id DESC);
--> statement-breakpoint
-- The model an engine is judged by; NULL = chosen for each prediction by the history's operating
-- conditions. prediction_model names the model of the engine's latest prediction.
ALTER TABLE engines ADD COLUMN model_name text CHECK (model_name IS NULL OR length(model_name) BETWEEN 1 AND 128);
--> statement-breakpoint
ALTER TABLE engines ADD COLUMN prediction_model text;
--> statement-breakpoint
ALTER TABLE predictions ADD COLUMN model_name text;
