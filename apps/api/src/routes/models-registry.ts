/**
 * The model registry: list and inspect versions, upload one (validated before it is stored), activate
 * a version (hot swap, no request dropped) and roll back. GET /models/active stays in models.ts.
 */
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Config } from '../config/schema.js';
import { AppError, notFound, unavailable } from '../errors/app-error.js';
import { installDbErrorMapping } from '../errors/db-errors.js';
import {
  ActivationQuerySchema,
  ActivationResponseSchema,
  RegistryModelDetailSchema,
  RegistryModelSchema,
  RollbackQuerySchema,
  toModelJson,
  UploadModelBodySchema,
  VersionParamsSchema,
} from '../schemas/fleet-models.js';
import { errorResponses, SECURED } from '../schemas/responses.js';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const modelRegistryRoutes: FastifyPluginAsyncTypebox<{ config: Config }> = async (app, { config }) => {
  installDbErrorMapping(app);
  const actorOf = (request: { apiKey?: { name: string } }) => request.apiKey?.name ?? 'anonymous';

  app.get(
    '/models',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'Registered model versions, newest first',
        security: SECURED,
        response: {
          200: Type.Object({ items: Type.Array(RegistryModelSchema) }),
          ...errorResponses(401, 403, 429, 503),
        },
      },
    },
    async () => {
      const models = await app.repos.models.list();
      return { items: models.map((m) => toModelJson(m, app.models.servingVersions())) };
    },
  );

  app.get(
    '/models/:version',
    {
      config: { scope: 'read' },
      schema: {
        tags: ['models'],
        summary: 'One registered model version with its card',
        security: SECURED,
        params: VersionParamsSchema,
        response: { 200: RegistryModelDetailSchema, ...errorResponses(401, 403, 404, 429, 503) },
      },
    },
    async (request) => {
      const m = await app.repos.models.get(request.params.version);
      if (!m) throw notFound(`model version '${request.params.version}' does not exist`);
      const { golden: _golden, ...card } = m.card;
      return { ...toModelJson(m, app.models.servingVersions()), card };
    },
  );

  app.post(
    '/models',
    {
      bodyLimit: config.MODEL_UPLOAD_LIMIT_BYTES,
      config: { scope: 'admin' },
      schema: {
        tags: ['models'],
        summary: 'Register a model (ONNX as base64 + its card); staged unless activate is true',
        description:
          'Rejected with 422 unless the card is valid, the bytes match its sha256, ONNX Runtime loads the ' +
          'graph, its outputs have the shapes the card implies and every golden example is reproduced ' +
          'within 1e-3. 409 when the version exists.',
        security: SECURED,
        body: UploadModelBodySchema,
        response: { 201: RegistryModelSchema, ...errorResponses(400, 401, 403, 409, 413, 422, 429, 503) },
      },
    },
    async (request, reply) => {
      const { card, onnx, activate } = request.body;
      if (!BASE64.test(onnx)) throw new AppError(400, 'VALIDATION_ERROR', 'body.onnx must be base64');
      const registered = await app.modelRegistry.register(card, Buffer.from(onnx, 'base64'));
      if (activate)
        await app.modelRegistry.activate(registered.version, actorOf(request), 'activated on upload');
      const fresh = (await app.repos.models.get(registered.version)) ?? registered;
      return reply.code(201).send(toModelJson(fresh, app.models.servingVersions()));
    },
  );

  app.post(
    '/models/:version/activate',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['models'],
        summary:
          'Serve this version: loaded and golden-checked first, then swapped in without dropping requests',
        security: SECURED,
        params: VersionParamsSchema,
        querystring: ActivationQuerySchema,
        response: { 200: ActivationResponseSchema, ...errorResponses(400, 401, 403, 404, 422, 429, 503) },
      },
    },
    async (request) =>
      app.modelRegistry.activate(request.params.version, actorOf(request), request.query.reason),
  );

  app.post(
    '/models/rollback',
    {
      config: { scope: 'admin' },
      schema: {
        tags: ['models'],
        summary: 'Re-activate the version of a model name that was active before its current one',
        security: SECURED,
        querystring: RollbackQuerySchema,
        response: {
          200: ActivationResponseSchema,
          ...errorResponses(400, 401, 403, 404, 409, 422, 429, 503),
        },
      },
    },
    async (request) => {
      const name = request.query.model ?? app.models.defaultName;
      if (name === undefined) throw unavailable('MODEL_NOT_LOADED', 'no default model is loaded yet', 5);
      return app.modelRegistry.rollback(name, actorOf(request), request.query.reason);
    },
  );
};

export default modelRegistryRoutes;
