/**
 * POST /engines/{id}/telemetry — one or many cycles of one engine, as JSON (the /predict cycle format)
 * or raw C-MAPSS text; stored idempotently, then predicted from the engine's latest window.
 */
import { checkCycleOrder, parseCmapssText, type Cycle } from '@rul/cmapss';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { acceptPlainText } from '../content-types/plain-text.js';
import { badRequest, invalidInput } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import { countInflight } from '../hooks/count-inflight.js';
import {
  EngineIdParamsSchema,
  EngineTelemetryQuerySchema,
  IngestResponseSchema,
  TelemetryBodySchema,
  type TelemetryBody,
} from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

/** Text bodies: C-MAPSS rows of exactly one unit (its id in the file is ignored; the URL names the engine). */
function cyclesFromText(text: string): Cycle[] {
  const parsed = parseCmapssText(text, { maxUnits: 2 });
  if (!parsed.ok) {
    // A third unit stopped the parse before any other problem was found.
    const onlyUnitLimit = parsed.code === 'TOO_MANY_UNITS' && parsed.issues.length === 1;
    if (onlyUnitLimit || parsed.issues.length === 0) {
      throw badRequest('MULTIPLE_UNITS', 'text/plain telemetry must hold the rows of one unit only');
    }
    throw invalidInput(parsed.issues);
  }
  const [unit, other] = parsed.value;
  if (other) {
    throw badRequest(
      'MULTIPLE_UNITS',
      `line ${other.firstLine ?? '?'}: unit ${other.unit} differs from unit ${unit?.unit}; send one engine's rows per request`,
      [
        {
          path: `line ${other.firstLine ?? '?'}`,
          line: other.firstLine,
          message: 'second unit in a single-engine request',
        },
      ],
    );
  }
  return unit?.cycles ?? [];
}

const engineTelemetryRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);
  acceptPlainText(app);
  countInflight(app, app.fleetMetrics.ingestInflight);

  app.post(
    '/engines/:id/telemetry',
    {
      bodyLimit: config.BATCH_BODY_LIMIT_BYTES,
      config: { scope: 'read' },
      schema: {
        tags: ['fleet'],
        summary: "Ingest one or many cycles of an engine's telemetry, then predict",
        description:
          'application/json: { cycles: [{ cycle, settings[3], sensors[21] }] } (the /predict cycle format). ' +
          'text/plain: raw C-MAPSS rows (26 columns) of this engine. Idempotent per (engine, cycle): a resend ' +
          'with the same values is accepted and counted as duplicate; different values are a 409 naming the ' +
          'cycles (nothing from the request is stored). Acknowledged only once stored; 503 + Retry-After when ' +
          "the database is unavailable. Then predicts from the engine's last window cycles. ?model= names " +
          'the model a new engine is judged by (409 when an existing engine has another one; change it ' +
          'with PUT /engines/{id}/model).',
        security: SECURED,
        params: EngineIdParamsSchema,
        querystring: EngineTelemetryQuerySchema,
        body: {
          content: {
            'application/json': { schema: TelemetryBodySchema },
            'text/plain': { schema: Type.String({ description: 'C-MAPSS rows of one unit' }) },
          },
        },
        response: {
          200: IngestResponseSchema,
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request) => {
      // One schema per content type, so the body's type is the union of the two.
      const body = request.body as TelemetryBody | string;
      const cycles = typeof body === 'string' ? cyclesFromText(body) : body.cycles;
      if (typeof body !== 'string') {
        const ordered = checkCycleOrder(cycles, 'body.cycles');
        if (!ordered.ok) throw invalidInput(ordered.issues);
      }
      const { engine, stored, duplicates, prediction } = await app.fleet.ingest(request.params.id, cycles, {
        model: request.query.model,
        modelField: 'querystring.model',
      });
      return { engine, stored, duplicates, prediction };
    },
  );
};

export default engineTelemetryRoutes;
