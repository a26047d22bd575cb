/**
 * POST /fleet/telemetry — readings of many engines in one request, as JSON or as NDJSON (one reading
 * per line, for streams). Each engine gets its own outcome, in request order: stored, duplicate,
 * conflict or rejected, with the place in the request at fault. Each engine that stored cycles is
 * re-predicted, all of them with one predictor call.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifySchemaCompiler } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Config } from '../config/schema.js';
import { acceptNdjson, NDJSON } from '../content-types/ndjson.js';
import { AppError } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import {
  readJsonBulk,
  readNdjsonBulk,
  type BulkEngineInput,
  type BulkJsonBody,
  type EngineError,
} from '../fleet/bulk-telemetry-input.js';
import { countInflight } from '../hooks/count-inflight.js';
import type { BulkOutcome } from '../plugins/app/fleet/fleet-bulk.js';
import type { Prediction } from '../plugins/app/predictor.js';
import { AJV_OPTIONS, buildValidator } from '../schemas/ajv-options.js';
import { EngineTelemetryQuerySchema } from '../schemas/fleet.js';
import {
  bulkStructureSchema,
  bulkTelemetryBodySchema,
  BulkTelemetryResponseSchema,
  type BulkEngineResult,
} from '../schemas/fleet-telemetry.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

/**
 * The route's validators, except that a JSON body is validated for its structure only: the OpenAPI
 * document keeps the full schema, and each engine's cycles are checked on their own, so that a bad
 * reading rejects its engine rather than the request.
 */
function structureOnly(structure: TSchema): FastifySchemaCompiler<unknown> {
  const compile = buildValidator({}, AJV_OPTIONS) as unknown as FastifySchemaCompiler<unknown>;
  return (route) =>
    compile(
      route.httpPart === 'body' && route.contentType === 'application/json'
        ? { ...route, schema: structure }
        : route,
    );
}

const slim = (p: Prediction) => ({
  rul: p.rul,
  interval: p.interval,
  lastCycle: p.lastCycle,
  model: p.model,
  warnings: p.warnings.map((w) => w.code),
});

const rejected = (e: BulkEngineInput, error: EngineError): BulkEngineResult => ({
  id: e.id,
  outcome: 'rejected',
  stored: 0,
  duplicates: 0,
  lastCycle: null,
  error,
  prediction: null,
});

/** Where a cycle (and a field of it) sits in the request; the engine itself without one. */
function locate(e: BulkEngineInput, cycle: number | undefined, field?: string): string {
  const j = cycle === undefined ? -1 : e.cycles.findIndex((c) => c.cycle === cycle);
  return j < 0 ? e.at : e.fieldAt(j, field);
}

function toResult(e: BulkEngineInput, o: BulkOutcome, queryModel: string | undefined): BulkEngineResult {
  switch (o.outcome) {
    case 'stored':
    case 'duplicate':
      return {
        id: e.id,
        outcome: o.outcome,
        stored: o.stored,
        duplicates: o.duplicates,
        lastCycle: o.lastCycle,
        prediction: o.prediction && slim(o.prediction),
      };
    case 'conflict': {
      const first = o.conflicts[0];
      const field = locate(e, first);
      return {
        id: e.id,
        outcome: 'conflict',
        stored: 0,
        duplicates: 0,
        lastCycle: null,
        conflicts: o.conflicts,
        error: {
          code: 'TELEMETRY_CONFLICT',
          message: `${field}: ${o.message}`,
          field,
          ...(first === undefined ? {} : { cycle: first }),
        },
        prediction: null,
      };
    }
    case 'rejected': {
      const field =
        o.code === 'ENGINE_MODEL_DIFFERS'
          ? e.model !== undefined || queryModel === undefined
            ? e.modelAt
            : 'querystring.model'
          : locate(e, o.cycle, o.field);
      const hint = o.code === 'ENGINE_MODEL_DIFFERS' ? `; change it with PUT /engines/${e.id}/model` : '';
      return rejected(e, {
        code: o.code,
        message: `${field}: ${o.message}${hint}`,
        field,
        ...(o.cycle === undefined ? {} : { cycle: o.cycle }),
      });
    }
  }
}

const fleetTelemetryRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);
  acceptNdjson(app);
  countInflight(app, app.fleetMetrics.ingestInflight);
  const maxEngines = config.BATCH_MAX_ENGINES;

  app.post(
    '/fleet/telemetry',
    {
      bodyLimit: config.BATCH_BODY_LIMIT_BYTES,
      config: { scope: 'read' },
      validatorCompiler: structureOnly(bulkStructureSchema(maxEngines)),
      schema: {
        tags: ['fleet'],
        summary: 'Ingest the telemetry of many engines at once, then predict each engine that stored cycles',
        description:
          `application/json: { engines: [{ id, model?, cycles: [{ cycle, settings[3], sensors[21] }] }] } ` +
          `(at most ${maxEngines} engines). ${NDJSON}: one reading per line, { "id", "cycle", "settings", ` +
          '"sensors", "model"? }, grouped per engine in order of first appearance. Each engine has an outcome, ' +
          'in request order: stored (at least one new cycle), duplicate (all already stored identically), ' +
          'conflict (cycles differ from stored ones) or rejected (error names the place: ' +
          'body.engines[3].cycles[2].sensors, or line 17). An engine is stored whole or not at all; the ' +
          'others are stored regardless. Idempotent per (engine, cycle) as POST /engines/{id}/telemetry. ' +
          'A request whose structure is wrong (not JSON, no engine id, the same engine twice, too many ' +
          'engines) is a 400 and stores nothing; 503 + Retry-After when the database is unavailable. ' +
          '?model= names the model every new engine that names none is judged by. Engines that stored ' +
          'cycles are re-predicted; a prediction that cannot be made now is null (the readings are stored).',
        security: SECURED,
        querystring: EngineTelemetryQuerySchema,
        body: {
          content: {
            'application/json': { schema: bulkTelemetryBodySchema(maxEngines) },
            [NDJSON]: {
              schema: Type.String({
                description: 'One JSON reading per line: { "id", "cycle", "settings", "sensors", "model"? }',
              }),
            },
          },
        },
        response: {
          200: BulkTelemetryResponseSchema,
          ...errorResponses(400, 401, 403, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request) => {
      // One schema per content type, so the body is the JSON structure or the NDJSON text.
      const body = request.body as BulkJsonBody | string;
      const engines = typeof body === 'string' ? readNdjsonBulk(body, maxEngines) : readJsonBulk(body);
      const { model } = request.query;
      if (model !== undefined) app.fleet.checkServed(model, 'querystring.model');
      for (const e of engines) {
        if (e.error || e.model === undefined) continue;
        try {
          app.fleet.checkServed(e.model, e.modelAt);
        } catch (err) {
          if (!(err instanceof AppError)) throw err;
          e.error = { code: err.code, message: err.message, field: e.modelAt };
        }
      }
      const valid = engines.filter((e) => !e.error);
      const outcomes = await app.fleet.ingestMany(valid, { model });
      const byId = new Map(outcomes.map((o) => [o.engineId, o]));
      const results = engines.map((e) =>
        e.error ? rejected(e, e.error) : toResult(e, byId.get(e.id) as BulkOutcome, model),
      );
      const total = { stored: 0, duplicates: 0, conflicts: 0, rejected: 0 };
      for (const r of results) {
        total.stored += r.stored;
        total.duplicates += r.duplicates;
        if (r.outcome === 'conflict') total.conflicts += 1;
        if (r.outcome === 'rejected') total.rejected += 1;
      }
      return { engines: results, ...total };
    },
  );
};

export default fleetTelemetryRoutes;
