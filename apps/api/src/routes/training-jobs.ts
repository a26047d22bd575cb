/**
 * Training jobs: queued here, claimed and run by the Python worker (`python -m rul_trainer worker`),
 * which registers the trained model as staged. Promotion is explicit (POST /models/{v}/activate) or
 * automatic with AUTO_PROMOTE (decided by the API's model registry when it sees the job succeed).
 *
 * A job names the data set it trains for and the model its result is a new version of; both are kept
 * in `params` under the trainer's own RunConfig keys (`subset`, `name`), so the worker reads them as it
 * reads every other option.
 */
import { parseCmapssText } from '@rul/cmapss';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { AppError, badRequest, invalidInput, notFound } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import {
  NewTrainingJobSchema,
  toJobJson,
  TrainingJobSchema,
  type NewTrainingJobBody,
} from '../schemas/fleet-models.js';
import { PAGE_OFFSET, QueryInt } from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const JOB_PAGE = { minimum: 1, maximum: 500, default: 50 } as const;

const DESCRIPTION = [
  '`subset` is the data set the job trains for (e.g. `FD002` or the fleet’s own name); it is recorded in',
  'the model card and defaults to the value of `data`. `model` is the model name the trained version is',
  'registered under: the registry keeps versions per name, and activating one replaces only the active',
  "version of that name. For `data: 'fleet'` it defaults to the name of the model this replica serves;",
  "for 'upload' the trainer names it `cmapss-<subset>-tcn-ensemble`. Both are stored in `params` as",
  '`subset` and `name` (either place may be used; different values in both places are a 400), and the job',
  'JSON returns them as `subset` and `model`. The resulting version is `modelVersion` once the job succeeds.',
].join(' ');

/**
 * The job's params with its data set and model name in the trainer's keys. Saying one of them at the
 * top level and in params with different values is refused rather than guessed.
 */
function jobParams(body: NewTrainingJobBody, servedModel: string | undefined): Record<string, unknown> {
  const params: Record<string, unknown> = { ...body.params };
  const pick = (top: string | undefined, key: 'subset' | 'name', field: string) => {
    const nested = params[key];
    if (top !== undefined && nested !== undefined && nested !== top) {
      throw badRequest(
        'VALIDATION_ERROR',
        `body.${field} (${JSON.stringify(top)}) and body.params.${key} (${JSON.stringify(nested)}) disagree; give one`,
        [{ path: `body.${field}`, message: `body.${field} disagrees with body.params.${key}` }],
      );
    }
    return top ?? (typeof nested === 'string' ? nested : undefined);
  };
  const subset = pick(body.subset, 'subset', 'subset') ?? body.data;
  const model = pick(body.model, 'name', 'model') ?? (body.data === 'fleet' ? servedModel : undefined);
  return { ...params, subset, ...(model !== undefined ? { name: model } : {}) };
}

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
        description: DESCRIPTION,
        security: SECURED,
        body: NewTrainingJobSchema,
        response: { 202: TrainingJobSchema, ...errorResponses(400, 401, 403, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { data, text } = request.body;
      const params = jobParams(request.body, app.model.card?.name);
      if (data === 'upload') {
        if (!text) throw badRequest('VALIDATION_ERROR', "body.text is required when body.data is 'upload'");
        const parsed = parseCmapssText(text);
        if (!parsed.ok) throw invalidInput(parsed.issues);
      } else {
        if (text) throw badRequest('VALIDATION_ERROR', "body.text is only for body.data 'upload'");
        const model = typeof params['name'] === 'string' ? params['name'] : null;
        const runs = await app.repos.runToFailure.list(model);
        if (!runs.some((r) => r.cycles.length > 0)) {
          throw new AppError(
            422,
            'NO_TRAINING_DATA',
            `no engine${model ? ` judged by model '${model}'` : ''} has a recorded failure with telemetry; ` +
              'record failures (POST /engines/{id}/failure) or upload data',
          );
        }
      }
      const job = await app.repos.trainingJobs.enqueue({
        dataSource: data,
        ...(text ? { dataText: text } : {}),
        params,
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
