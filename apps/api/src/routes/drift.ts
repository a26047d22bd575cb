/**
 * GET /models/active/drift — per-channel drift of recent fleet telemetry against the active model's
 * training statistics (card `trainingStats.channels`): standardised mean shift
 * |mean_recent − mean_train| / std_train and the std ratio; channels above DRIFT_THRESHOLD are
 * flagged. Also sets rul_input_drift_score{channel}.
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { AppError, unavailable } from '../errors/app-error.js';
import { installDbErrorMapping } from '../plugins/app/fleet-errors.js';
import { DriftSchema } from '../schemas/fleet-models.js';
import { IntQuery, queryInt } from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

interface TrainingChannel {
  name: string;
  mean: number;
  std: number;
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

export default async function driftRoutes(app: FastifyInstance, { config }: { config: Config }) {
  installDbErrorMapping(app);

  app.get<{ Querystring: { window?: string } }>(
    '/models/active/drift',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'Input drift of recent telemetry against the active model training data',
        security: SECURED,
        querystring: Type.Object({
          window: Type.Optional(
            IntQuery('Recent cycles compared, 10..1000000 (default DRIFT_WINDOW_CYCLES)'),
          ),
        }),
        response: { 200: DriftSchema, ...errorResponses(400, 401, 403, 409, 429, 503) },
      },
    },
    async (request) => {
      const card = app.model.card;
      if (!card) throw unavailable('MODEL_NOT_LOADED', 'no model is loaded yet', 5);
      const training = (card['trainingStats'] as { channels?: TrainingChannel[] } | undefined)?.channels;
      if (!Array.isArray(training) || training.length !== 24) {
        throw new AppError(
          409,
          'NO_TRAINING_STATS',
          `model ${card.version} has no trainingStats.channels (24) in its card`,
        );
      }
      const window = queryInt(request.query.window, 'window', config.DRIFT_WINDOW_CYCLES, 10, 1_000_000);
      const stats = await app.repos.drift.recentChannelStats(window);
      const threshold = config.DRIFT_THRESHOLD;
      const channels = stats.map((s, i) => {
        const t = training[i] as TrainingChannel;
        const name = t.name ?? card.input.channels[i] ?? `channel_${i}`;
        const score = s.mean !== null && t.std > 0 ? round(Math.abs(s.mean - t.mean) / t.std) : null;
        const stdRatio = s.std !== null && t.std > 0 ? round(s.std / t.std) : null;
        if (score !== null) app.fleetMetrics.driftScore.set({ channel: name }, score);
        return {
          channel: name,
          index: i,
          recent: { mean: s.mean, std: s.std },
          training: { mean: t.mean, std: t.std },
          score,
          stdRatio,
          flagged: score !== null && score > threshold,
        };
      });
      return {
        model: { name: card.name, version: card.version },
        window,
        cycles: stats[0]?.count ?? 0,
        threshold,
        drifting: channels.filter((c) => c.flagged).map((c) => c.channel),
        channels,
      };
    },
  );
}
