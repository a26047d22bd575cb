/** Open Inference Protocol (KServe V2 REST) shapes used by routes/kserve.ts. */
import { Type, type Static } from 'typebox';

export const KsErrorSchema = Type.Object({ error: Type.String() }, { description: 'KServe V2 error body' });

export const ServerMetadataSchema = Type.Object({
  name: Type.String(),
  version: Type.String(),
  extensions: Type.Array(Type.String()),
});

const TensorMetaSchema = Type.Object({
  name: Type.String(),
  datatype: Type.String(),
  shape: Type.Array(Type.Integer()),
});

export const ModelMetadataSchema = Type.Object({
  name: Type.String(),
  versions: Type.Array(Type.String()),
  platform: Type.String(),
  inputs: Type.Array(TensorMetaSchema),
  outputs: Type.Array(TensorMetaSchema),
});

export const ModelParamsSchema = Type.Object({ name: Type.String(), version: Type.Optional(Type.String()) });

const NestedNumbers = Type.Array(Type.Unknown(), { description: 'Row-major data, flat or nested' });

export const InferRequestSchema = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 256 })),
  parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  inputs: Type.Array(
    Type.Object({
      name: Type.String(),
      shape: Type.Array(Type.Integer({ minimum: 0 }), { maxItems: 8 }),
      datatype: Type.String(),
      parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      data: NestedNumbers,
    }),
    { minItems: 1, maxItems: 16 },
  ),
  outputs: Type.Optional(
    Type.Array(
      Type.Object({
        name: Type.String(),
        parameters: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
      }),
      { maxItems: 16 },
    ),
  ),
});

export const InferResponseSchema = Type.Object({
  model_name: Type.String(),
  model_version: Type.String(),
  id: Type.Optional(Type.String()),
  outputs: Type.Array(
    Type.Object({
      name: Type.String(),
      datatype: Type.String(),
      shape: Type.Array(Type.Integer()),
      data: Type.Array(Type.Number()),
    }),
  ),
});

export type InferRequest = Static<typeof InferRequestSchema>;
export type InferResponse = Static<typeof InferResponseSchema>;
