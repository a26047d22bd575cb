/** POST /predict — one engine's history in, one prediction out. */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { packedJsonBody } from '../predict-body/packed-json-body.js';
import { packPredictBody } from '../predict-body/packed-history.js';
import { PredictBodyReader } from '../predict-body/read-predict-body.js';
import { PredictBodySchema, PredictionSchema, PredictQuerySchema } from '../schemas/predict.js';
import { errorResponses, SECURED } from '../schemas/responses.js';
import { countRejections } from '../hooks/count-rejections.js';

export default async function predictRoutes(app: FastifyInstance): Promise<void> {
  // JSON only: a text/plain body here is a client mistake worth a clear 415.
  app.removeContentTypeParser('text/plain');
  countRejections(app);
  const reader = new PredictBodyReader();
  const validatorCompiler = packedJsonBody(app, {
    read: (body) => reader.predict(body),
    offload: app.bodyReaders?.predict,
  });

  // The body's type comes from its schema; packPredictBody also takes the PackedBody this scope's
  // parser makes of the bodies it reads itself.
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    '/predict',
    {
      config: { scope: 'read' },
      validatorCompiler,
      schema: {
        tags: ['predict'],
        summary: 'Predict remaining useful life for one engine',
        description:
          'Send the cycle history oldest first, raw units. Shorter than the model window is padded ' +
          '(repeat first cycle) with a warning; longer is cut to the last window cycles. `model` picks ' +
          'a served model by name; without it the server picks the model whose training operating ' +
          'conditions fit the history best, and the response names the model and version used.',
        security: SECURED,
        querystring: PredictQuerySchema,
        body: PredictBodySchema,
        response: { 200: PredictionSchema, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
      },
    },
    async (request) => {
      const { engines, horizons, model } = packPredictBody(request.body);
      const [prediction] = await app.predictor.predict(engines, horizons, {
        strict: request.query.strict === true,
        model,
        path: () => 'body.cycles',
        modelPath: () => 'body.model',
      });
      return prediction;
    },
  );
}
