/**
 * GET /models/served — every model this replica serves, by name; GET /models/active — one served
 * model's metadata (the default one unless `?model=` names another), straight from its card (golden
 * data omitted).
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound, unavailable } from '../errors/app-error.js';
import { inputRangeOf } from '../plugins/app/model/input-range.js';
import type { ModelCard } from '../plugins/app/model/model-card.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const ActiveModelSchema = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    state: Type.String({ description: 'loading | ready | failed' }),
    window: Type.Integer(),
    maxRul: Type.Number(),
    quantileLevels: Type.Array(Type.Number()),
    intervalLevel: Type.Number(),
    channels: Type.Array(Type.String()),
    goldenCheck: Type.Optional(
      Type.Object({ ok: Type.Boolean(), examples: Type.Integer(), maxAbsError: Type.Number() }),
    ),
    createdAt: Type.Optional(Type.String()),
    metrics: Type.Optional(Type.Unknown()),
    trainingStats: Type.Optional(Type.Unknown()),
    data: Type.Optional(Type.Unknown()),
    training: Type.Optional(Type.Unknown()),
    preprocessing: Type.Optional(Type.Unknown()),
    onnx: Type.Optional(Type.Unknown()),
  },
  { additionalProperties: false },
);

const ServedModelSchema = Type.Object(
  {
    name: Type.String(),
    version: Type.String(),
    state: Type.String({ description: 'loading | ready | failed' }),
    default: Type.Boolean({ description: 'Answers when no model fits a history better' }),
    conditions: Type.Integer({ description: 'Operating conditions the model was trained on' }),
    subset: Type.Union([Type.String(), Type.Null()], { description: 'The data set it was trained on' }),
    window: Type.Integer(),
    maxRul: Type.Number(),
    error: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

const ActiveQuerySchema = Type.Object({
  model: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 128,
      description: 'A served model by name; default: the default model',
    }),
  ),
});

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

const modelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/models/served',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'Every model this replica serves, in preference order (the order that decides equals)',
        security: SECURED,
        response: {
          200: Type.Object({ items: Type.Array(ServedModelSchema) }),
          ...errorResponses(401, 403, 429),
        },
      },
    },
    async () => ({
      items: app.models.all().map(({ name, service, isDefault }) => {
        const card = service.card as ModelCard;
        return {
          name,
          version: card.version,
          state: service.state,
          default: isDefault,
          conditions: inputRangeOf(card).conditions,
          subset: text((card['data'] as Record<string, unknown> | undefined)?.['subset']),
          window: card.window,
          maxRul: card.maxRul,
          ...(service.error ? { error: service.error } : {}),
        };
      }),
    }),
  );

  app.get(
    '/models/active',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'A served model (from its model card): the default one unless ?model= names another',
        security: SECURED,
        querystring: ActiveQuerySchema,
        response: { 200: ActiveModelSchema, ...errorResponses(401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const name = request.query.model;
      const service = name === undefined ? app.model : app.models.get(name);
      if (!service) throw notFound(`no model named '${name}' is served`);
      const { card, golden, state } = service;
      if (!card) throw unavailable('MODEL_NOT_LOADED', `no model card loaded (${service.error ?? state})`, 5);
      return {
        name: card.name,
        version: card.version,
        state,
        window: card.window,
        maxRul: card.maxRul,
        quantileLevels: card.outputs.quantileLevels,
        intervalLevel: card.outputs.intervalLevel,
        channels: card.input.channels,
        ...(golden
          ? { goldenCheck: { ok: golden.ok, examples: golden.examples, maxAbsError: golden.maxAbsError } }
          : {}),
        createdAt: card.createdAt,
        metrics: card['metrics'],
        trainingStats: card['trainingStats'],
        data: card['data'],
        training: card['training'],
        preprocessing: card['preprocessing'],
        onnx: card.onnx,
      };
    },
  );
};

export default modelRoutes;
