/**
 * Fleet engines: list and inspect engines, read stored telemetry, record a failure (run-to-failure
 * data) and delete an engine. Ingestion is in engines-telemetry.ts.
 */
import { ValidationError, type EngineStatus } from '@rul/db';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { badRequest, notFound } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import {
  EngineDetailSchema,
  EngineIdParamsSchema,
  EngineListQuerySchema,
  EngineListSchema,
  EngineSchema,
  FailureBodySchema,
  PageQuerySchema,
  ENGINE_PAGE,
  HISTORY_PAGE,
  PAGE_OFFSET,
  TelemetryQuerySchema,
  TelemetryResponseSchema,
  toCycleJson,
  toEngineJson,
} from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const MAX_RANGE = 10_000;

/** The repository names its own fields (`cursor`); the client sent them in the query string. */
function inQueryString(err: unknown): unknown {
  const field = err instanceof ValidationError ? err.details?.['field'] : undefined;
  if (typeof field !== 'string') return err;
  const path = `querystring.${field}`;
  const message = `${path}: ${(err as ValidationError).message}`;
  return badRequest('VALIDATION_ERROR', message, [{ path, message }]);
}

const engineRoutes: FastifyPluginAsyncTypebox = async (app) => {
  installDbErrorMapping(app);

  app.get(
    '/engines',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['fleet'],
        summary: 'List engines: last cycle, latest RUL and interval, status, trend',
        description:
          'Filtered and sorted on the server. Page with cursor/nextCursor (stable while engines are ' +
          'added or re-predicted), or with offset; a cursor made for another sort or order is a 400. ' +
          'rulMin/rulMax list the engines of one remaining-life band of GET /fleet/summary.',
        security: SECURED,
        querystring: EngineListQuerySchema,
        response: { 200: EngineListSchema, ...errorResponses(400, 401, 403, 429, 503) },
      },
    },
    async (request) => {
      const { status, name, model, rulMin, rulMax, sort, order, limit, offset, cursor } = request.query;
      const page = await app.repos.engines
        .list({
          ...(status ? { status: status.split(',') as EngineStatus[] } : {}),
          ...(name ? { search: name } : {}),
          ...(model ? { model } : {}),
          ...(rulMin !== undefined ? { rulMin } : {}),
          ...(rulMax !== undefined ? { rulMax } : {}),
          ...(sort ? { sort } : {}),
          ...(order ? { order } : {}),
          ...(cursor ? { cursor } : {}),
          limit: limit ?? ENGINE_PAGE.default,
          offset: offset ?? PAGE_OFFSET.default,
        })
        .catch((err: unknown) => {
          throw inQueryString(err);
        });
      return { ...page, items: page.items.map(toEngineJson) };
    },
  );

  app.get(
    '/engines/:id',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['fleet'],
        summary: 'One engine with its prediction history (newest first, paged)',
        security: SECURED,
        params: EngineIdParamsSchema,
        querystring: PageQuerySchema,
        response: { 200: EngineDetailSchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const engine = await app.repos.engines.get(request.params.id);
      if (!engine) throw notFound(`engine '${request.params.id}' does not exist`);
      const page = await app.repos.predictions.listByEngine(engine.id, {
        limit: request.query.limit ?? HISTORY_PAGE.default,
        offset: request.query.offset ?? PAGE_OFFSET.default,
      });
      return {
        engine: toEngineJson(engine),
        predictions: {
          ...page,
          items: page.items.map((p) => ({
            id: p.id,
            cycle: p.cycle,
            rul: p.rul,
            interval: { lower: p.lower, upper: p.upper },
            modelVersion: p.modelVersion,
            modelName: p.modelName,
            warnings: p.warnings,
            createdAt: p.createdAt.toISOString(),
          })),
        },
      };
    },
  );

  app.get(
    '/engines/:id/telemetry',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['fleet'],
        summary: `Stored telemetry of an engine, cycles from..to (at most ${MAX_RANGE} cycles)`,
        security: SECURED,
        params: EngineIdParamsSchema,
        querystring: TelemetryQuerySchema,
        response: { 200: TelemetryResponseSchema, ...errorResponses(400, 401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const engine = await app.repos.engines.get(request.params.id);
      if (!engine) throw notFound(`engine '${request.params.id}' does not exist`);
      const to = request.query.to ?? engine.lastCycle ?? 0;
      const from = request.query.from ?? Math.max(1, to - MAX_RANGE + 1);
      if (from > to) {
        if (engine.lastCycle === null) return { engine: engine.id, cycles: [] };
        throw badRequest(
          'VALIDATION_ERROR',
          `querystring.from (${from}) must not exceed querystring.to (${to})`,
        );
      }
      if (to - from + 1 > MAX_RANGE) {
        throw badRequest('RANGE_TOO_LARGE', `at most ${MAX_RANGE} cycles per request; narrow from/to`);
      }
      const cycles = await app.repos.telemetry.range(engine.id, from, to);
      return { engine: engine.id, cycles: cycles.map(toCycleJson) };
    },
  );

  app.post(
    '/engines/:id/failure',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fleet'],
        summary:
          'Record that the engine failed at a cycle (its history becomes run-to-failure training data)',
        description: 'Repeating the same failure is a no-op; a different cycle for a failed engine is a 409.',
        security: SECURED,
        params: EngineIdParamsSchema,
        body: FailureBodySchema,
        response: {
          200: Type.Object({ engine: EngineSchema }),
          ...errorResponses(400, 401, 403, 404, 409, 429, 503),
        },
      },
    },
    async (request) => {
      const before = await app.repos.engines.get(request.params.id);
      const { engine, newlyFailed } = await app.repos.engines.recordFailure(
        request.params.id,
        request.body.cycle,
      );
      if (newlyFailed) {
        app.fleetMetrics.failures.inc();
        await app.fleetEvents.publish('status', {
          engine: engine.id,
          from: before?.status ?? 'unknown',
          to: 'failed',
          failedAtCycle: engine.failedAtCycle,
        });
      }
      return { engine: toEngineJson(engine) };
    },
  );

  app.delete(
    '/engines/:id',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['fleet'],
        summary: 'Delete an engine with its telemetry and predictions',
        security: SECURED,
        params: EngineIdParamsSchema,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 429, 503) },
      },
    },
    async (request, reply) => {
      if (!(await app.repos.engines.delete(request.params.id))) {
        throw notFound(`engine '${request.params.id}' does not exist`);
      }
      await app.fleetEvents.publish('status', { engine: request.params.id, to: 'deleted' });
      // No payload at all: null would be serialised as JSON and given a content-type.
      return reply.code(204).send(undefined as unknown as null);
    },
  );
};

export default engineRoutes;
