/** Schemas of the model registry, training job and drift routes. */
import type { Model, TrainingJob } from '@rul/db';
import { Type, type Static } from 'typebox';

const Timestamp = Type.String({ format: 'date-time' });

export const RegistryModelSchema = Type.Object({
  version: Type.String(),
  name: Type.String(),
  status: Type.Union([Type.Literal('staged'), Type.Literal('active'), Type.Literal('retired')]),
  sha256: Type.String(),
  serving: Type.Boolean({ description: 'This replica currently serves this version (of its name)' }),
  metrics: Type.Unknown({ description: 'Validation metrics from the card' }),
  createdAt: Timestamp,
  activatedAt: Type.Union([Timestamp, Type.Null()]),
});

export const RegistryModelDetailSchema = Type.Object({
  ...RegistryModelSchema.properties,
  card: Type.Unknown({ description: 'The model card' }),
});

export function toModelJson(
  m: Model,
  servingVersions: ReadonlySet<string>,
): Static<typeof RegistryModelSchema> {
  return {
    version: m.version,
    name: m.name,
    status: m.status,
    sha256: m.sha256,
    serving: servingVersions.has(m.version),
    metrics: m.card['metrics'] ?? m.metrics,
    createdAt: m.createdAt.toISOString(),
    activatedAt: m.activatedAt?.toISOString() ?? null,
  };
}

export const VersionParamsSchema = Type.Object({ version: Type.String({ minLength: 1, maxLength: 200 }) });

export const UploadModelBodySchema = Type.Object(
  {
    card: Type.Object(
      {},
      { additionalProperties: true, description: 'model-card.json (docs/architecture.md section 1)' },
    ),
    onnx: Type.String({ minLength: 1, description: 'The ONNX file, base64' }),
    activate: Type.Optional(
      Type.Boolean({ description: 'Activate right after registering (default false)' }),
    ),
  },
  { additionalProperties: false },
);
export type UploadModelBody = Static<typeof UploadModelBodySchema>;

export const ActivationQuerySchema = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 500, description: 'Recorded in the activation log' })),
});

export const RollbackQuerySchema = Type.Object({
  ...ActivationQuerySchema.properties,
  model: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'The model name to roll back (default: the default model); other names are left alone',
    }),
  ),
});

export const ActivationResponseSchema = Type.Object({
  name: Type.String({ description: 'The model name switched; other names are left alone' }),
  version: Type.String(),
  previousVersion: Type.Union([Type.String(), Type.Null()]),
});

// The trainer's own rules: a subset names its `train_<subset>.txt` (worker_data.py SUBSET_NAME); a
// model name is a registry name, the key the registry keeps versions under.
const SUBSET_PATTERN = '^[A-Za-z0-9_-]{1,32}$';
const MODEL_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$';
const SubsetName = (description: string) => Type.String({ pattern: SUBSET_PATTERN, description });
const ModelName = (description: string) => Type.String({ pattern: MODEL_NAME_PATTERN, description });

export const TrainingParamsSchema = Type.Object(
  {
    subset: Type.Optional(SubsetName('The data set trained for (top-level `subset` says the same)')),
    name: Type.Optional(ModelName('Model name the version is registered under (top-level `model`)')),
    epochs: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    seeds: Type.Optional(Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, maxItems: 20 })),
    window: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    maxRul: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
    batchSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 65_536 })),
    learningRate: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })),
  },
  { additionalProperties: true, description: 'Passed to the trainer; unknown keys are kept' },
);

export const NewTrainingJobSchema = Type.Object(
  {
    data: Type.Union([Type.Literal('fleet'), Type.Literal('upload')], {
      description: 'fleet: every engine with a recorded failure; upload: C-MAPSS text in `text`',
    }),
    text: Type.Optional(Type.String({ description: 'Run-to-failure C-MAPSS rows (train_FD00x.txt format)' })),
    subset: Type.Optional(
      SubsetName(
        "The data set the job trains for (e.g. FD002 or the fleet's own name), recorded in the model card; default: the value of `data`",
      ),
    ),
    model: Type.Optional(
      ModelName(
        "Model name the trained version is registered under (a new version of that model); default for 'fleet': the served model's name, for 'upload': cmapss-<subset>-tcn-ensemble",
      ),
    ),
    params: Type.Optional(TrainingParamsSchema),
  },
  { additionalProperties: false },
);
export type NewTrainingJobBody = Static<typeof NewTrainingJobSchema>;

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const TrainingJobSchema = Type.Object({
  id: Type.String(),
  status: Type.Union([
    Type.Literal('queued'),
    Type.Literal('running'),
    Type.Literal('succeeded'),
    Type.Literal('failed'),
    Type.Literal('cancelled'),
  ]),
  data: Type.Union([Type.Literal('fleet'), Type.Literal('upload')]),
  subset: Nullable(Type.String({ description: 'The data set the job trains for (params.subset)' })),
  model: Nullable(
    Type.String({
      description: 'Model name its version is registered under (params.name); null: the trainer names it',
    }),
  ),
  params: Type.Unknown(),
  progress: Type.Unknown({ description: '{ epoch, epochs, trainLoss, valLoss, history[] } once running' }),
  metrics: Type.Unknown(),
  logTail: Nullable(Type.String()),
  modelVersion: Nullable(Type.String()),
  error: Nullable(Type.String()),
  attempts: Type.Integer(),
  createdAt: Timestamp,
  startedAt: Nullable(Timestamp),
  finishedAt: Nullable(Timestamp),
});

/** A string param of a stored job (params are free-form JSON, so anything else reads as absent). */
function stringParam(params: Record<string, unknown>, key: string): string | null {
  const value = params[key];
  return typeof value === 'string' ? value : null;
}

export function toJobJson(j: TrainingJob): Static<typeof TrainingJobSchema> {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return {
    id: j.id,
    status: j.status,
    data: j.dataSource,
    subset: stringParam(j.params, 'subset'),
    model: stringParam(j.params, 'name'),
    params: j.params,
    progress: j.progress,
    metrics: j.metrics,
    logTail: j.logTail,
    modelVersion: j.modelVersion,
    error: j.error,
    attempts: j.attempts,
    createdAt: j.createdAt.toISOString(),
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
  };
}

const Stats = Type.Object({ mean: Nullable(Type.Number()), std: Nullable(Type.Number()) });
export const DriftSchema = Type.Object({
  model: Type.Object({ name: Type.String(), version: Type.String() }),
  window: Type.Integer({ description: 'Most recent cycles (fleet-wide) compared' }),
  cycles: Type.Integer({ description: 'Cycles actually found' }),
  threshold: Type.Number(),
  drifting: Type.Array(Type.String(), { description: 'Channels whose score exceeds the threshold' }),
  channels: Type.Array(
    Type.Object({
      channel: Type.String(),
      index: Type.Integer(),
      recent: Stats,
      training: Stats,
      score: Nullable(Type.Number({ description: '|mean_recent - mean_train| / std_train' })),
      stdRatio: Nullable(Type.Number({ description: 'std_recent / std_train' })),
      flagged: Type.Boolean(),
    }),
  ),
});
