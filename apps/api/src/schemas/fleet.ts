/** Schemas of the fleet routes (engines, telemetry, fleet import and summary). */
import { CycleSchema, HistorySchema } from '@rul/cmapss';
import type { Engine, StoredReading } from '@rul/db';
import { Type, type Static } from 'typebox';
import { ModelNameSchema, PredictionSchema } from './predict.js';

export const ENGINE_STATUS_VALUES = ['healthy', 'warning', 'critical', 'unknown', 'failed'] as const;
export const EngineStatusSchema = Type.Union([
  Type.Literal('healthy'),
  Type.Literal('warning'),
  Type.Literal('critical'),
  Type.Literal('unknown'),
  Type.Literal('failed'),
]);

export const EngineIdParamsSchema = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 128, description: 'Engine id, e.g. ENG-017' }),
});

const Timestamp = Type.String({ format: 'date-time' });

/**
 * A query-string integer: the schema holds its bounds and default, and the query string's validator
 * coerces digit strings (schemas/ajv-options.ts), so handlers read numbers and a value out of
 * bounds is a 400 naming the parameter (`querystring.limit must be <= 1000`).
 */
export const QueryInt = (
  description: string,
  bounds: { minimum: number; maximum: number; default?: number },
) => Type.Optional(Type.Integer({ ...bounds, description }));

/**
 * Paging bounds of the list routes. The validator fills in the defaults; handlers name them once
 * more only because an optional parameter's static type still allows `undefined`.
 */
export const PAGE_OFFSET = { minimum: 0, maximum: 1_000_000_000, default: 0 } as const;
export const ENGINE_PAGE = { minimum: 1, maximum: 1000, default: 50 } as const;
export const HISTORY_PAGE = { minimum: 1, maximum: 1000, default: 100 } as const;
const CYCLE_BOUNDS = { minimum: 0, maximum: 2_147_483_647 } as const;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const EngineSchema = Type.Object({
  id: Type.String(),
  status: EngineStatusSchema,
  lastCycle: Nullable(Type.Integer()),
  failedAtCycle: Nullable(Type.Integer()),
  model: Nullable(
    Type.String({
      description:
        'The model the engine is judged by; null: for each prediction, the model whose training ' +
        'operating conditions fit its history best (set it with PUT /engines/{id}/model)',
    }),
  ),
  prediction: Nullable(
    Type.Object({
      rul: Type.Number(),
      interval: Type.Object({ lower: Type.Number(), upper: Type.Number() }),
      cycle: Type.Integer({ description: 'Last cycle of the window the prediction was made from' }),
      modelVersion: Type.String(),
      modelName: Nullable(Type.String({ description: 'The model that made it' })),
      predictedAt: Timestamp,
      trend: Nullable(Type.Number({ description: 'Slope of RUL per cycle over recent predictions' })),
      warnings: Type.Array(Type.String(), {
        description:
          'Warning codes of this prediction. SETTINGS_OUT_OF_RANGE or READINGS_OUT_OF_RANGE flag an ' +
          'engine whose history the model could not judge (see POST /predict)',
      }),
    }),
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export function toEngineJson(e: Engine): Static<typeof EngineSchema> {
  const p = e.prediction;
  return {
    id: e.id,
    status: e.status,
    lastCycle: e.lastCycle,
    failedAtCycle: e.failedAtCycle,
    model: e.model,
    prediction: p
      ? {
          rul: p.rul,
          interval: { lower: p.lower, upper: p.upper },
          cycle: p.cycle,
          modelVersion: p.modelVersion,
          modelName: p.modelName,
          predictedAt: p.predictedAt.toISOString(),
          trend: p.trend,
          warnings: p.warnings,
        }
      : null,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

export const EngineListQuerySchema = Type.Object({
  status: Type.Optional(
    Type.String({
      pattern: '^(healthy|warning|critical|unknown|failed)(,(healthy|warning|critical|unknown|failed))*$',
      description: 'Comma-separated statuses, e.g. warning,critical',
    }),
  ),
  name: Type.Optional(
    Type.String({ maxLength: 128, description: 'Case-insensitive substring of the engine id' }),
  ),
  model: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'Engines judged by this model: assigned to it, or (unassigned) last predicted by it',
    }),
  ),
  rulMin: Type.Optional(
    Type.Number({
      description:
        'Lowest RUL listed (inclusive). With rulMin or rulMax only engines with a judged RUL match ' +
        '(healthy, warning, critical), as in the bands of GET /fleet/summary; leave rulMin out for ' +
        'the first band, which also counts RULs below its edge',
    }),
  ),
  rulMax: Type.Optional(
    Type.Number({
      description:
        'RUL listed up to, not including; must exceed rulMin. Leave it out for the last, open band',
    }),
  ),
  sort: Type.Optional(
    Type.Union([
      Type.Literal('rul'),
      Type.Literal('id'),
      Type.Literal('last_cycle'),
      Type.Literal('updated'),
    ]),
  ),
  order: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
  limit: QueryInt('Page size', ENGINE_PAGE),
  offset: QueryInt('Engines to skip (without cursor)', PAGE_OFFSET),
  cursor: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 1024,
      pattern: '^[A-Za-z0-9_-]+$',
      description:
        'nextCursor of the previous page (same sort and order): the page after it, stable while ' +
        'engines are added or re-predicted (offset is not)',
    }),
  ),
});

export const EngineListSchema = Type.Object({
  items: Type.Array(EngineSchema),
  total: Type.Integer(),
  limit: Type.Integer(),
  offset: Type.Integer(),
  nextCursor: Nullable(Type.String({ description: 'Pass as cursor for the next page; null on the last' })),
});

export const PageQuerySchema = Type.Object({
  limit: QueryInt('Page size', HISTORY_PAGE),
  offset: QueryInt('Items to skip', PAGE_OFFSET),
});

export const StoredPredictionSchema = Type.Object({
  id: Type.Integer(),
  cycle: Type.Integer(),
  rul: Type.Number(),
  interval: Type.Object({ lower: Type.Number(), upper: Type.Number() }),
  modelVersion: Type.String(),
  modelName: Nullable(Type.String({ description: 'The model that made it' })),
  warnings: Type.Array(Type.String(), { description: 'Warning codes of this prediction' }),
  createdAt: Timestamp,
});

export const EngineDetailSchema = Type.Object({
  engine: EngineSchema,
  predictions: Type.Object({
    items: Type.Array(StoredPredictionSchema),
    total: Type.Integer(),
    limit: Type.Integer(),
    offset: Type.Integer(),
  }),
});

export const TelemetryBodySchema = Type.Object(
  { cycles: HistorySchema },
  { additionalProperties: false, description: 'Cycles in the /predict cycle format, oldest first' },
);
export type TelemetryBody = Static<typeof TelemetryBodySchema>;

export const IngestResponseSchema = Type.Object({
  engine: Type.Object({ id: Type.String(), status: EngineStatusSchema, lastCycle: Type.Integer() }),
  stored: Type.Integer({ description: 'Cycles newly stored by this request' }),
  duplicates: Type.Integer({
    description: 'Cycles already stored with identical values (accepted, not duplicated)',
  }),
  prediction: Nullable(PredictionSchema),
});

export const TelemetryQuerySchema = Type.Object({
  from: QueryInt('First cycle (default: 10000 cycles before `to`)', CYCLE_BOUNDS),
  to: QueryInt('Last cycle (default: the engine last cycle)', CYCLE_BOUNDS),
});

const StoredCycleSchema = Type.Object({
  cycle: CycleSchema.properties.cycle,
  settings: CycleSchema.properties.settings,
  sensors: CycleSchema.properties.sensors,
  receivedAt: Timestamp,
});
export const TelemetryResponseSchema = Type.Object({
  engine: Type.String(),
  cycles: Type.Array(StoredCycleSchema),
});

export const toCycleJson = (r: StoredReading) => ({
  cycle: r.cycle,
  settings: r.settings,
  sensors: r.sensors,
  receivedAt: r.receivedAt.toISOString(),
});

export const FailureBodySchema = Type.Object(
  { cycle: Type.Integer({ minimum: 1, description: 'Cycle at which the engine failed' }) },
  { additionalProperties: false },
);

export const ImportQuerySchema = Type.Object({
  prefix: Type.Optional(
    Type.String({
      pattern: '^[A-Za-z0-9._:-]{0,64}$',
      description: 'Engine ids become <prefix><unit> (default ENG-)',
    }),
  ),
  model: Type.Optional(ModelNameSchema),
});

export const EngineTelemetryQuerySchema = Type.Object({
  model: Type.Optional(ModelNameSchema),
});

export const EngineModelBodySchema = Type.Object(
  {
    model: Nullable(ModelNameSchema),
  },
  { additionalProperties: false },
);

export const ImportResponseSchema = Type.Object({
  engines: Type.Array(
    Type.Object({
      id: Type.String(),
      stored: Type.Integer(),
      duplicates: Type.Integer(),
      prediction: Nullable(PredictionSchema),
    }),
  ),
  stored: Type.Integer(),
  duplicates: Type.Integer(),
});

export const FleetSummarySchema = Type.Object({
  total: Type.Integer(),
  counts: Type.Object(
    Object.fromEntries(ENGINE_STATUS_VALUES.map((s) => [s, Type.Integer()])) as Record<
      (typeof ENGINE_STATUS_VALUES)[number],
      ReturnType<typeof Type.Integer>
    >,
  ),
  minRul: Nullable(Type.Number({ description: 'Lowest current RUL among engines that have not failed' })),
  thresholds: Type.Object({ warning: Type.Integer(), critical: Type.Integer() }),
  model: Nullable(
    Type.Object(
      { name: Type.String(), version: Type.String(), state: Type.String() },
      { description: 'The default model' },
    ),
  ),
  models: Type.Array(Type.Object({ name: Type.String(), version: Type.String() }), {
    description: 'Every model served, in preference order',
  }),
  bands: Type.Array(
    Type.Object({
      from: Type.Number(),
      to: Nullable(Type.Number({ description: 'Exclusive; null for the last band, which is open' })),
      count: Type.Integer(),
    }),
    {
      description:
        'Engines with a judged RUL (healthy, warning, critical) per remaining-life band [from, to), ' +
        'FLEET_RUL_BAND_WIDTH cycles wide up to the highest maxRul served',
    },
  ),
});
