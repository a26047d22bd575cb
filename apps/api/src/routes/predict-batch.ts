/**
 * POST /predict/batch — many engines at once, as JSON `{ engines: [...] }` or as raw C-MAPSS text
 * (`Content-Type: text/plain`, one prediction per unit, in order of first appearance). The text form
 * lets `curl --data-binary @test_FD001.txt -H 'content-type: text/plain'` work unchanged.
 */
import { parseCmapssText } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Config } from '../config/schema.js';
import { acceptPlainText } from '../content-types/plain-text.js';
import { AppError, badRequest, invalidInput } from '../errors/app-error.js';
import { packedJsonBody } from '../predict-body/packed-json-body.js';
import {
  packBatchBody,
  packCycles,
  type PackedBody,
  type PackedHistory,
} from '../predict-body/packed-history.js';
import { PredictBodyReader } from '../predict-body/read-predict-body.js';
import {
  BatchJsonBodySchema,
  BatchQuerySchema,
  BatchResponseSchema,
  type BatchJsonBody,
} from '../schemas/predict.js';
import { errorResponses, SECURED } from '../schemas/responses.js';
import { countRejections } from '../hooks/count-rejections.js';

export default async function predictBatchRoutes(app: FastifyInstance, { config }: { config: Config }) {
  acceptPlainText(app);
  countRejections(app);
  const reader = new PredictBodyReader();
  const validatorCompiler = packedJsonBody(app, {
    read: (body) => reader.batch(body),
    offload: app.bodyReaders?.batch,
  });

  // The body type is written out because the route's validator compiler hands the handler a packed
  // body (or, for text/plain, the text itself) instead of the JSON object its schema describes.
  app.post<{ Body: BatchJsonBody | PackedBody | string; Querystring: Static<typeof BatchQuerySchema> }>(
    '/predict/batch',
    {
      bodyLimit: config.BATCH_BODY_LIMIT_BYTES,
      config: { scope: 'read' },
      validatorCompiler,
      schema: {
        tags: ['predict'],
        summary: 'Predict RUL for many engines (JSON or raw C-MAPSS text)',
        description:
          'application/json: { engines: [{ unit?, model?, cycles }], model?, horizons? }. text/plain: ' +
          'C-MAPSS rows (unit, cycle, 3 settings, 21 sensors; space-separated), horizons via ' +
          '?horizons=10,20 and the model via ?model=. Without a model name, each engine gets the model ' +
          'whose training operating conditions fit its history best. ' +
          'Predictions come back in request order (text: order of first appearance of each unit).',
        security: SECURED,
        querystring: BatchQuerySchema,
        body: {
          content: {
            'application/json': { schema: BatchJsonBodySchema },
            'text/plain': { schema: Type.String({ description: 'C-MAPSS text, 26 columns per line' }) },
          },
        },
        response: { 200: BatchResponseSchema, ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503) },
      },
    },
    async (request) => {
      let engines: readonly PackedHistory[];
      let horizons: number[] | undefined;
      let model: string | undefined;
      if (typeof request.body === 'string') {
        const parsed = parseCmapssText(request.body, { maxUnits: config.BATCH_MAX_ENGINES });
        if (!parsed.ok) throw invalidInput(parsed.issues);
        engines = parsed.value.map((u) => packCycles(u.unit, u.cycles));
        horizons = request.query.horizons?.split(',').map(Number);
        if (horizons && horizons.some((h) => h < 1)) {
          throw badRequest('VALIDATION_ERROR', 'querystring.horizons must be positive integers');
        }
      } else {
        const count = request.body.engines.length;
        if (count > config.BATCH_MAX_ENGINES) {
          throw new AppError(
            413,
            'TOO_MANY_ENGINES',
            `body.engines has ${count} engines; this server accepts at most ${config.BATCH_MAX_ENGINES} per request`,
          );
        }
        ({ engines, horizons, model } = packBatchBody(request.body));
      }
      const text = typeof request.body === 'string';
      const queryModel = request.query.model;
      if (model !== undefined && queryModel !== undefined && model !== queryModel) {
        throw badRequest(
          'VALIDATION_ERROR',
          `body.model '${model}' and querystring.model '${queryModel}' disagree; give the model once`,
        );
      }
      const fromQuery = model === undefined && queryModel !== undefined;
      model ??= queryModel;
      const predictions = await app.predictor.predict(engines, horizons, {
        strict: request.query.strict === true,
        model,
        path: (i) => (text ? `body (unit ${engines[i]?.unit})` : `body.engines[${i}].cycles`),
        modelPath: (i) =>
          i !== undefined ? `body.engines[${i}].model` : fromQuery ? 'querystring.model' : 'body.model',
      });
      return { predictions };
    },
  );
}
