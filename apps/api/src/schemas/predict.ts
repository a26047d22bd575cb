/** Request/response schemas of /predict and /predict/batch (the prediction contract). */
import { HistorySchema } from '@rul/cmapss';
import { Type, type Static } from 'typebox';

/** Static bounds (kept out of config so the OpenAPI document doesn't depend on the environment). */
export const MAX_HORIZONS = 32;
export const MAX_BATCH_ENGINES_SCHEMA = 10_000;

export const HorizonsSchema = Type.Array(Type.Integer({ minimum: 1, maximum: 100_000 }), {
  minItems: 1,
  maxItems: MAX_HORIZONS,
  description: 'Horizons in cycles; the response gives P(failure within h cycles) for each',
});

export const UnitSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  description: 'Caller-chosen engine id',
});

/** A served model's name (its card's `name`, as GET /models/served lists them). */
export const ModelNameSchema = Type.String({
  minLength: 1,
  maxLength: 128,
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$',
  description:
    'The model to judge the history by name (GET /models/served lists them); absent: the server picks ' +
    'the model whose training operating conditions fit the history best',
});

export const EngineSchema = Type.Object(
  { unit: Type.Optional(UnitSchema), model: Type.Optional(ModelNameSchema), cycles: HistorySchema },
  { additionalProperties: false },
);

export const PredictBodySchema = Type.Object(
  {
    unit: Type.Optional(UnitSchema),
    model: Type.Optional(ModelNameSchema),
    cycles: HistorySchema,
    horizons: Type.Optional(HorizonsSchema),
  },
  { additionalProperties: false },
);

export const BatchJsonBodySchema = Type.Object(
  {
    engines: Type.Array(EngineSchema, { minItems: 1, maxItems: MAX_BATCH_ENGINES_SCHEMA }),
    model: Type.Optional(ModelNameSchema),
    horizons: Type.Optional(HorizonsSchema),
  },
  { additionalProperties: false },
);

const Strict = Type.Optional(
  Type.Boolean({
    default: false,
    description:
      'true: a history outside what the model was trained on is refused (422 OUT_OF_DISTRIBUTION, ' +
      'with the same details as the warning) instead of answered with a warning and a 0..maxRul interval',
  }),
);

export const PredictQuerySchema = Type.Object({ strict: Strict });

export const BatchQuerySchema = Type.Object({
  strict: Strict,
  model: Type.Optional(ModelNameSchema),
  horizons: Type.Optional(
    Type.String({
      pattern: '^[0-9]{1,6}(,[0-9]{1,6}){0,31}$',
      description: 'Comma-separated horizons for text/plain bodies, e.g. 10,20,50',
    }),
  ),
});

export const PredictionWarningSchema = Type.Object({
  code: Type.Union([
    Type.Literal('SETTINGS_OUT_OF_RANGE'),
    Type.Literal('READINGS_OUT_OF_RANGE'),
    Type.Literal('SHORT_HISTORY'),
    Type.Literal('HORIZON_BEYOND_MAX_RUL'),
    Type.Literal('RUL_AT_CAP'),
  ]),
  message: Type.String(),
  channels: Type.Optional(Type.Array(Type.String(), { description: 'Channels at fault' })),
  cycles: Type.Optional(
    Type.Integer({ description: 'Cycles concerned: padded, or with a channel at fault' }),
  ),
});

export const PredictionSchema = Type.Object({
  unit: Type.Union([Type.String(), Type.Null()]),
  rul: Type.Number({ description: 'Predicted cycles remaining after lastCycle' }),
  interval: Type.Object({
    lower: Type.Number(),
    upper: Type.Number(),
    level: Type.Number({ description: 'Nominal coverage of the interval, e.g. 0.9' }),
  }),
  lastCycle: Type.Integer(),
  model: Type.Object({ name: Type.String(), version: Type.String() }),
  warnings: Type.Array(PredictionWarningSchema, {
    description:
      'Machine-readable: act on `code`. SETTINGS_OUT_OF_RANGE / READINGS_OUT_OF_RANGE mean the model ' +
      'cannot judge this history (the interval is then widened to 0..maxRul; ?strict=true refuses with ' +
      '422 instead); SHORT_HISTORY means padding; HORIZON_BEYOND_MAX_RUL a lower-bound probability; ' +
      'RUL_AT_CAP that the band reaches the RUL cap the model was trained with (maxRul), so the true ' +
      'RUL may be longer: read it as at least `interval.lower` cycles.',
  }),
  failureProbability: Type.Optional(
    Type.Array(
      Type.Object({
        horizon: Type.Integer(),
        probability: Type.Number({ minimum: 0, maximum: 1 }),
      }),
      {
        description:
          'P(RUL <= horizon) from the predictive quantiles; horizons past maxRul are evaluated at maxRul',
      },
    ),
  ),
});

export const BatchResponseSchema = Type.Object({ predictions: Type.Array(PredictionSchema) });

export type PredictBody = Static<typeof PredictBodySchema>;
export type BatchJsonBody = Static<typeof BatchJsonBodySchema>;
