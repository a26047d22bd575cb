/** GET /models/active — metadata of the served model, straight from its card (golden data omitted). */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { unavailable } from '../errors/app-error.js';
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

const modelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/models/active',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'The served model (from its model card)',
        security: SECURED,
        response: { 200: ActiveModelSchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async () => {
      const { card, golden, state } = app.model;
      if (!card)
        throw unavailable('MODEL_NOT_LOADED', `no model card loaded (${app.model.error ?? state})`, 5);
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
