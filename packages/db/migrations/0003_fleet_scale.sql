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
