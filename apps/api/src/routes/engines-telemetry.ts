/**
 * POST /engines/{id}/telemetry — one or many cycles of one engine, as JSON (the /predict cycle format)
 * or raw C-MAPSS text; stored idempotently, then predicted from the engine's latest window.
 */
import { checkCycleOrder, parseCmapssText, type Cycle, type Issue } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { badRequest } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import {
  EngineIdParamsSchema,
  IngestResponseSchema,
  TelemetryBodySchema,
  type TelemetryBody,
} from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const invalid = (issues: Issue[]) =>
  badRequest(issues[0]?.code ?? 'INVALID_INPUT', issues[0]?.message ?? 'invalid input', issues);

type IdParams = { id: string };

/** Text bodies: C-MAPSS rows of exactly one unit (its id in the file is ignored; the URL names the engine). */
function cyclesFromText(text: string): Cycle[] {
  const parsed = parseCmapssText(text, { maxUnits: 2 });
  if (!parsed.ok) {
    const first = parsed.issues[0];
    if (first?.message.includes('more than 2 units') || parsed.issues.length === 0) {
      throw badRequest('MULTIPLE_UNITS', 'text/plain telemetry must hold the rows of one unit only');
    }
    throw invalid(parsed.issues);
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

export default async function engineTelemetryRoutes(app: FastifyInstance, { config }: { config: Config }) {
  installDbErrorMapping(app);
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post<{ Params: IdParams; Body: TelemetryBody | string }>(
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
          "the database is unavailable. Then predicts from the engine's last window cycles.",
        security: SECURED,
        params: EngineIdParamsSchema,
        body: {
          content: {
            'application/json': { schema: TelemetryBodySchema },
            'text/plain': { schema: Type.String({ description: 'C-MAPSS rows of one unit' }) },
          },
        },
        response: { 200: IngestResponseSchema, ...errorResponses(400, 401, 403, 409, 413, 415, 429, 503) },
      },
    },
    async (request) => {
      const cycles = typeof request.body === 'string' ? cyclesFromText(request.body) : request.body.cycles;
      if (typeof request.body !== 'string') {
        const ordered = checkCycleOrder(cycles, 'body.cycles');
        if (!ordered.ok) throw invalid(ordered.issues);
      }
      const { engine, stored, duplicates, prediction } = await app.fleet.ingest(request.params.id, cycles);
      return { engine, stored, duplicates, prediction };
    },
  );
}
