/**
 * POST /fleet/import — a C-MAPSS file becomes many engines `<prefix><unit>`: each unit's rows are
 * ingested (idempotently) and predicted once. GET /fleet/summary — counts per status, the lowest RUL
 * and the model in service, for the dashboard tiles.
 */
import { parseCmapssText } from '@rul/cmapss';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { acceptPlainText } from '../content-types/plain-text.js';
import { invalidInput } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import { FleetSummarySchema, ImportQuerySchema, ImportResponseSchema } from '../schemas/fleet.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const fleetImportRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);
  acceptPlainText(app);

  app.post(
    '/fleet/import',
    {
      bodyLimit: config.BATCH_BODY_LIMIT_BYTES,
      config: { scope: 'admin' },
      schema: {
        tags: ['fleet'],
        summary: 'Import a C-MAPSS file: one engine per unit, ingested and predicted',
        description:
          'text/plain C-MAPSS rows (26 columns). Engine ids are <prefix><unit>. Engines are ingested in ' +
          'order of first appearance; a conflicting resend of one engine stops the import with a 409 that ' +
          'names it (engines before it are stored; resending the file is safe). `model` names the model ' +
          'the imported engines are judged by (new and existing ones); without it each engine gets the ' +
          'model whose training operating conditions fit its history best.',
        security: SECURED,
        querystring: ImportQuerySchema,
        body: { content: { 'text/plain': { schema: Type.String() } } },
        response: {
          200: ImportResponseSchema,
          ...errorResponses(400, 401, 403, 409, 413, 415, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const parsed = parseCmapssText(request.body as string, { maxUnits: config.BATCH_MAX_ENGINES });
      if (!parsed.ok) throw invalidInput(parsed.issues);
      const prefix = request.query.prefix ?? 'ENG-';
      const { model } = request.query;
      if (model !== undefined) app.fleet.checkServed(model, 'querystring.model');
      const results = [];
      for (const unit of parsed.value) {
        const id = `${prefix}${unit.unit}`;
        // An import names the model of every engine it holds, existing ones included.
        if (model !== undefined) {
          const existing = await app.repos.engines.get(id);
          if (existing && existing.model !== model) await app.repos.engines.setModel(id, model);
        }
        const { stored, duplicates, prediction } = await app.fleet.ingest(id, unit.cycles, {
          model,
          modelField: 'querystring.model',
        });
        results.push({ id, stored, duplicates, prediction });
      }
      return {
        engines: results,
        stored: results.reduce((n, r) => n + r.stored, 0),
        duplicates: results.reduce((n, r) => n + r.duplicates, 0),
      };
    },
  );

  /** 0, w, 2w, ... up to the highest maxRul served (the RUL the models are capped at); the last band is open. */
  const bandEdges = (): number[] => {
    const width = config.FLEET_RUL_BAND_WIDTH;
    const top = Math.max(0, ...app.models.served().map((m) => m.card.maxRul));
    const edges = [0];
    while ((edges.at(-1) as number) + width <= top) edges.push((edges.at(-1) as number) + width);
    return edges;
  };

  app.get(
    '/fleet/summary',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['fleet'],
        summary: 'Engines per status, lowest RUL, remaining-life bands and the models in service',
        security: SECURED,
        response: { 200: FleetSummarySchema, ...errorResponses(401, 403, 429, 503) },
      },
    },
    async () => {
      const { counts, minRul, bands } = await app.repos.engines.summary({ bandEdges: bandEdges() });
      const card = app.model.card;
      return {
        total: Object.values(counts).reduce((a, b) => a + b, 0),
        counts,
        minRul,
        thresholds: { warning: config.RUL_WARNING_THRESHOLD, critical: config.RUL_CRITICAL_THRESHOLD },
        model: card ? { name: card.name, version: card.version, state: app.model.state } : null,
        models: app.models.served().map((m) => ({ name: m.card.name, version: m.card.version })),
        bands,
      };
    },
  );
};

export default fleetImportRoutes;
