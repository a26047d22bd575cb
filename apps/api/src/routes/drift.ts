/**
 * GET /models/active/drift — per-channel drift of the recent telemetry of the engines a model judges
 * (the default model unless ?model= names another) against that model's training statistics (card
 * `trainingStats.channels`): standardised mean shift |mean_recent − mean_train| / std_train and the
 * std ratio; channels above DRIFT_THRESHOLD are flagged. For the default model it also sets
 * rul_input_drift_score{channel}.
 */
import { CHANNEL_COUNT } from '@rul/cmapss';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { AppError, notFound, unavailable } from '../errors/app-error.js';
import { computeDrift } from '../fleet/input-drift.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import { DriftSchema } from '../schemas/fleet-models.js';
import { QueryInt } from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const driftRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);

  app.get(
    '/models/active/drift',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'Input drift of recent telemetry against the active model training data',
        security: SECURED,
        querystring: Type.Object({
          window: QueryInt('Recent cycles compared (default DRIFT_WINDOW_CYCLES)', {
            minimum: 10,
            maximum: 1_000_000,
          }),
          model: Type.Optional(
            Type.String({
              minLength: 1,
              maxLength: 128,
              description: 'A served model: the engines it judges are compared with its training data',
            }),
          ),
        }),
        response: { 200: DriftSchema, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
      },
    },
    async (request) => {
      const { model } = request.query;
      const service = model === undefined ? app.model : app.models.get(model);
      if (!service) throw notFound(`no model named '${model}' is served`);
      const card = service.card;
      if (!card) throw unavailable('MODEL_NOT_LOADED', 'no model is loaded yet', 5);
      const window = request.query.window ?? config.DRIFT_WINDOW_CYCLES;
      const report = await computeDrift(app, card, window, config.DRIFT_THRESHOLD);
      if (!report) {
        throw new AppError(
          409,
          'NO_TRAINING_STATS',
          `model ${card.version} has no trainingStats.channels (${CHANNEL_COUNT}) in its card`,
        );
      }
      return report;
    },
  );
};

export default driftRoutes;
