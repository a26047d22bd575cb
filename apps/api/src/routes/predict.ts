/** POST /predict — one engine's history in, one prediction out. */
import { checkCycleOrder } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { badRequest } from '../errors/app-error.js';
import { packedJsonBody } from '../predict-body/packed-json-body.js';
import { PackedPredictBody, PredictBodyReader } from '../predict-body/read-predict-body.js';
import { PredictBodySchema, PredictionSchema, type PredictBody } from '../schemas/predict.js';
import { errorResponses, SECURED } from '../schemas/responses.js';
import { countRejections } from '../hooks/count-rejections.js';

export default async function predictRoutes(app: FastifyInstance): Promise<void> {
  // JSON only: a text/plain body here is a client mistake worth a clear 415.
  app.removeContentTypeParser('text/plain');
  countRejections(app);
  const reader = new PredictBodyReader();
  const validatorCompiler = packedJsonBody(app, {
    read: (body) => reader.predict(body),
    packed: PackedPredictBody,
    offload: app.bodyReaders?.predict,
  });

  app.post<{ Body: PredictBody | PackedPredictBody }>(
    '/predict',
    {
      config: { scope: 'read' },
      validatorCompiler,
      schema: {
        tags: ['predict'],
        summary: 'Predict remaining useful life for one engine',
        description:
          'Send the cycle history oldest first, raw units. Shorter than the model window is padded ' +
          '(repeat first cycle) with a warning; longer is cut to the last window cycles.',
        security: SECURED,
        body: PredictBodySchema,
        response: { 200: PredictionSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const body = request.body;
      if (body instanceof PackedPredictBody) {
        const [prediction] = await app.predictor.predict([body], body.horizons);
        return prediction;
      }
      const { unit, cycles, horizons } = body;
      // The route schema already checked every reading; only the ordering rule is left.
      const ordered = checkCycleOrder(cycles, 'body.cycles');
      if (!ordered.ok) throw badRequest(ordered.issues[0]!.code, ordered.issues[0]!.message, ordered.issues);
      const [prediction] = await app.predictor.predict([{ unit, cycles }], horizons);
      return prediction;
    },
  );
}
