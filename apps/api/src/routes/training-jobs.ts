/**
 * Training jobs: queued here, claimed and run by the Python worker (`python -m rul_trainer worker`),
 * which registers the trained model as staged. Promotion is explicit (POST /models/{v}/activate) or
 * automatic with AUTO_PROMOTE (decided by the API's model registry when it sees the job succeed).
 */
import { parseCmapssText } from '@rul/cmapss';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { AppError, badRequest, invalidInput, notFound } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import { NewTrainingJobSchema, toJobJson, TrainingJobSchema } from '../schemas/fleet-models.js';
import { PAGE_OFFSET, QueryInt } from '../schemas/fleet.js';

const JOB_PAGE = { minimum: 1, maximum: 500, default: 50 } as const;
import { errorResponses, SECURED } from '../schemas/responses.js';

const JobParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const DetailSchema = Type.Object({ ...TrainingJobSchema.properties });

const trainingJobRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);

  app.post(
    '/training-jobs',
    {
      bodyLimit: config.BATCH_BODY_LIMIT_BYTES,
      config: { scope: 'admin' },
      schema: {
        tags: ['training'],
        summary: 'Queue a training job on the fleet run-to-failure data or an uploaded C-MAPSS file',
        security: SECURED,
        body: NewTrainingJobSchema,
        response: { 202: TrainingJobSchema, ...errorResponses(400, 401, 403, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { data, text, params } = request.body;
      if (data === 'upload') {
        if (!text) throw badRequest('VALIDATION_ERROR', "body.text is required when body.data is 'upload'");
        const parsed = parseCmapssText(text);
        if (!parsed.ok) throw invalidInput(parsed.issues);
      } else {
        if (text) throw badRequest('VALIDATION_ERROR', "body.text is only for body.data 'upload'");
        const runs = await app.repos.runToFailure.list();
        if (!runs.some((r) => r.cycles.length > 0)) {
          throw new AppError(
            422,
            'NO_TRAINING_DATA',
            'no engine has a recorded failure with telemetry; record failures (POST /engines/{id}/failure) or upload data',
          );
        }
      }
      const job = await app.repos.trainingJobs.enqueue({
        dataSource: data,
        ...(text ? { dataText: text } : {}),
        params: params ?? {},
      });
      await app.fleetEvents.publish('training', { id: job.id, status: job.status });
      return reply.code(202).send(toJobJson(job));
    },
  );

  app.get(
    '/training-jobs',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['training'],
        summary: 'Training jobs, newest first',
        security: SECURED,
        querystring: Type.Object({
          status: Type.Optional(
            Type.Union([
              Type.Literal('queued'),
              Type.Literal('running'),
              Type.Literal('succeeded'),
              Type.Literal('failed'),
              Type.Literal('cancelled'),
            ]),
          ),
          limit: QueryInt('Page size', JOB_PAGE),
          offset: QueryInt('Jobs to skip', PAGE_OFFSET),
        }),
        response: {
          200: Type.Object({ items: Type.Array(TrainingJobSchema) }),
          ...errorResponses(400, 401, 403, 429, 503),
        },
      },
    },
    async (request) => {
      const { status, limit, offset } = request.query;
      const jobs = await app.repos.trainingJobs.list({
        ...(status ? { status } : {}),
        limit: limit ?? JOB_PAGE.default,
        offset: offset ?? PAGE_OFFSET.default,
      });
      return { items: jobs.map(toJobJson) };
    },
  );

  app.get(
    '/training-jobs/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['training'],
        summary: 'One training job: status, progress (epochs, losses), metrics, log tail',
        security: SECURED,
        params: JobParams,
        response: { 200: DetailSchema, ...errorResponses(401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const job = await app.repos.trainingJobs.get(request.params.id);
      if (!job) throw notFound(`training job '${request.params.id}' does not exist`);
      return toJobJson(job);
    },
  );
};

export default trainingJobRoutes;
