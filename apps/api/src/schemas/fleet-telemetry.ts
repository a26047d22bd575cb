/** Schemas of POST /fleet/telemetry: many engines' readings in one request, an outcome per engine. */
import { CycleSchema, HistorySchema } from '@rul/cmapss';
import { Type, type Static } from 'typebox';
import { EngineIdParamsSchema } from './fleet.js';
import { ModelNameSchema } from './predict.js';

const EngineId = EngineIdParamsSchema.properties.id;

export const BulkEngineSchema = Type.Object(
  {
    id: EngineId,
    model: Type.Optional(ModelNameSchema),
    cycles: HistorySchema,
  },
  { additionalProperties: false },
);

export const bulkTelemetryBodySchema = (maxEngines: number) =>
  Type.Object(
    { engines: Type.Array(BulkEngineSchema, { minItems: 1, maxItems: maxEngines }) },
    { additionalProperties: false },
  );
export type BulkTelemetryBody = Static<ReturnType<typeof bulkTelemetryBodySchema>>;

/**
 * What the route validates of a JSON body as a whole: the request's structure. Each engine's cycles
 * are checked on their own (against HistorySchema), so a bad reading rejects only its engine.
 */
export const bulkStructureSchema = (maxEngines: number) =>
  Type.Object(
    {
      engines: Type.Array(
        Type.Object(
          { id: EngineId, model: Type.Optional(ModelNameSchema), cycles: Type.Array(Type.Unknown()) },
          { additionalProperties: false },
        ),
        { minItems: 1, maxItems: maxEngines },
      ),
    },
    { additionalProperties: false },
  );

/** One NDJSON line: a reading in the /predict cycle format plus the engine it belongs to. */
export const NdjsonReadingSchema = Type.Object(
  {
    id: EngineId,
    model: Type.Optional(ModelNameSchema),
    ...CycleSchema.properties,
  },
  { additionalProperties: false },
);

const BulkPredictionSchema = Type.Object({
  rul: Type.Number({ description: 'Predicted cycles remaining after lastCycle' }),
  interval: Type.Object({ lower: Type.Number(), upper: Type.Number(), level: Type.Number() }),
  lastCycle: Type.Integer(),
  model: Type.Object({ name: Type.String(), version: Type.String() }),
  warnings: Type.Array(Type.String(), {
    description: 'Warning codes (see POST /predict for their meaning)',
  }),
});

export const BulkEngineErrorSchema = Type.Object({
  code: Type.String({
    description:
      'VALIDATION_ERROR, NOT_INCREASING, UNKNOWN_MODEL, ENGINE_FAILED, ENGINE_MODEL_DIFFERS or TELEMETRY_CONFLICT',
  }),
  message: Type.String(),
  field: Type.Optional(
    Type.String({
      description: 'Where in the request: body.engines[3].cycles[2].sensors (JSON) or line 17 (NDJSON)',
    }),
  ),
  cycle: Type.Optional(Type.Integer()),
});

export const BulkEngineResultSchema = Type.Object({
  id: Type.String(),
  outcome: Type.Union(
    [Type.Literal('stored'), Type.Literal('duplicate'), Type.Literal('conflict'), Type.Literal('rejected')],
    {
      description:
        'stored: at least one new cycle; duplicate: every cycle was already stored identically; ' +
        'conflict: cycles differ from stored ones (nothing of this engine stored); rejected: see error',
    },
  ),
  stored: Type.Integer({ description: 'Cycles newly stored' }),
  duplicates: Type.Integer({ description: 'Cycles already stored with identical values' }),
  lastCycle: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The engine last stored cycle (null for a conflicting or rejected engine)',
  }),
  conflicts: Type.Optional(Type.Array(Type.Integer(), { description: 'Cycles that differ' })),
  error: Type.Optional(BulkEngineErrorSchema),
  prediction: Type.Union([BulkPredictionSchema, Type.Null()], {
    description:
      'The fresh prediction of an engine that stored cycles; null otherwise, or when it could not be ' +
      'made now (it is made again on the engine next readings; the readings are stored)',
  }),
});
export type BulkEngineResult = Static<typeof BulkEngineResultSchema>;

export const BulkTelemetryResponseSchema = Type.Object({
  engines: Type.Array(BulkEngineResultSchema, { description: 'In request order' }),
  stored: Type.Integer({ description: 'Cycles newly stored, all engines' }),
  duplicates: Type.Integer({ description: 'Cycles already stored identically, all engines' }),
  conflicts: Type.Integer({ description: 'Engines in conflict' }),
  rejected: Type.Integer({ description: 'Engines rejected' }),
});
