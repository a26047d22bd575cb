/**
 * PUT /engines/{id}/model — the model an engine is judged by. Setting it (or clearing it, so the
 * model whose training operating conditions fit the engine's history is used) re-predicts the engine
 * from its stored history at once, so its status never reflects a model it is no longer judged by.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import { EngineIdParamsSchema, EngineModelBodySchema, EngineSchema, toEngineJson } from '../schemas/fleet.js';
import { PredictionSchema } from '../schemas/predict.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const engineModelRoutes: FastifyPluginAsyncTypebox = async (app) => {
  installDbErrorMapping(app);

  app.put(
    '/engines/:id/model',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fleet'],
        summary: 'Set the model an engine is judged by (null: the model its history fits best)',
        description:
          'The engine is re-predicted from its stored history with the new model; `prediction` is that ' +
          'prediction (null for an engine without telemetry or a failed one). 422 names the model when ' +
          'no model of that name is served.',
        security: SECURED,
        params: EngineIdParamsSchema,
        body: EngineModelBodySchema,
        response: {
          200: Type.Object({
            engine: EngineSchema,
            prediction: Type.Union([PredictionSchema, Type.Null()]),
          }),
          ...errorResponses(400, 401, 403, 404, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const { id } = request.params;
      const { model } = request.body;
      if (model !== null) app.fleet.checkServed(model, 'body.model');
      const before = await app.repos.engines.get(id);
      if (!before) throw notFound(`engine '${id}' does not exist`);
      const updated = await app.repos.engines.setModel(id, model);
      const prediction = updated.status === 'failed' ? null : await app.fleet.refreshPrediction(id, updated);
      const engine = await app.repos.engines.get(id);
      return { engine: toEngineJson(engine ?? updated), prediction };
    },
  );
};

export default engineModelRoutes;
