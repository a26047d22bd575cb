/**
 * TypeBox schemas for the JSON shape of a cycle history. The API uses them for its route schemas (and
 * so for the OpenAPI document); the dashboard and simulator use them to build and check payloads.
 * JSON schema can't express "cycles strictly increasing", so `validateHistory` adds that check.
 */
import { Type, type Static } from 'typebox';
import { MAX_READING, SENSOR_COUNT, SETTING_COUNT } from './constants.js';

/** A raw reading: any number a float32 holds (larger ones would reach the model as Infinity). */
const Reading = Type.Number({ minimum: -MAX_READING, maximum: MAX_READING });

/** Bounds that keep a single request's work predictable. */
export const MAX_HISTORY_CYCLES = 10_000;

export const CycleSchema = Type.Object(
  {
    cycle: Type.Integer({ minimum: 0, description: 'Operating cycle number; strictly increasing.' }),
    settings: Type.Array(Reading, {
      minItems: SETTING_COUNT,
      maxItems: SETTING_COUNT,
      description: 'The 3 operational settings, raw units.',
    }),
    sensors: Type.Array(Reading, {
      minItems: SENSOR_COUNT,
      maxItems: SENSOR_COUNT,
      description: 'The 21 sensor readings in C-MAPSS column order, raw units.',
    }),
  },
  { additionalProperties: false },
);

export const HistorySchema = Type.Array(CycleSchema, {
  minItems: 1,
  maxItems: MAX_HISTORY_CYCLES,
  description: 'Cycle history, oldest first.',
});

export type CycleJson = Static<typeof CycleSchema>;
