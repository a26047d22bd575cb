-- Warning codes of a prediction (e.g. SETTINGS_OUT_OF_RANGE: a history outside what the model was
-- trained on), kept with every prediction and with the engine's latest one, so the fleet can flag it.
ALTER TABLE predictions ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';
--> statement-breakpoint
ALTER TABLE engines ADD COLUMN warnings text[] NOT NULL DEFAULT '{}';
