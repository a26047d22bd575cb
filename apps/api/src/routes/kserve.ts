/**
 * Open Inference Protocol (KServe V2 REST). Errors on these routes use the protocol's `{ error }` body
 * (a scoped error handler), not the API's usual shape. Every served model answers under its own name;
 * inference shares that model's micro-batcher with /predict.
 */
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { CHANNEL_COUNT } from '@rul/cmapss';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Config } from '../config/schema.js';
import { API_VERSION } from '../plugins/external/openapi.js';
import { toErrorBody } from '../errors/to-error-body.js';
import {
  InferRequestSchema,
  InferResponseSchema,
  KsErrorSchema,
  ModelMetadataSchema,
  ModelParamsSchema,
  ServerMetadataSchema,
  type InferResponse,
} from '../schemas/kserve.js';
import { SECURED } from '../schemas/responses.js';
import { readInputTensor, TensorError } from './kserve-tensor.js';

class NotFound extends Error {
  readonly statusCode = 404;
}

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [c, KsErrorSchema]));

export default async function kserveRoutes(scope: FastifyInstance, { config }: { config: Config }) {
  // Request types come from the route schemas.
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler((error, request, reply) => {
    const status = error instanceof NotFound || error instanceof TensorError ? error.statusCode : undefined;
    const { body, headers } = toErrorBody(error);
    const code = status ?? body.statusCode;
    if (code >= 500) request.log.error({ err: error }, 'kserve request failed');
    if (headers) void reply.headers(headers);
    return reply.code(code).send({ error: status ? (error as Error).message : body.message });
  });

  /** The served model named `name` and its card (whose version must be `version`, when given). */
  const resolveModel = ({ name, version }: Static<typeof ModelParamsSchema>) => {
    const service = app.models.get(name);
    const card = service?.card;
    if (!service || !card) {
      const served = app.models.served().map((m) => m.card.name);
      throw new NotFound(`model '${name}' is not served here (served: ${served.join(', ') || 'none'})`);
    }
    if (version !== undefined && version !== card.version) {
      throw new NotFound(`model '${name}' has no version '${version}' (serving ${card.version})`);
    }
    return { service, card };
  };

  const read = { scope: 'read' as const };
  const open = { scope: 'public' as const, rateLimit: false as const };
  const tags = ['kserve'];

  app.get(
    '/v2',
    {
      config: read,
      schema: {
        tags,
        summary: 'Server metadata',
        security: SECURED,
        response: { 200: ServerMetadataSchema, ...errors(401, 403, 429) },
      },
    },
    async () => ({
      name: 'rul-api',
      version: API_VERSION,
      extensions: [],
    }),
  );

  app.get(
    '/v2/health/live',
    {
      config: open,
      schema: { tags, summary: 'Server live', response: { 200: Type.Object({ live: Type.Boolean() }) } },
    },
    async () => ({ live: true }),
  );

  // The protocol signals "false" with a 4xx status.
  app.get(
    '/v2/health/ready',
    {
      config: open,
      schema: {
        tags,
        summary: 'Server ready (400 when not)',
        response: {
          200: Type.Object({ ready: Type.Boolean() }),
          400: Type.Object({ ready: Type.Boolean() }),
        },
      },
    },
    async (_request, reply) => {
      const { ready } = await app.readiness.evaluate();
      return reply.code(ready ? 200 : 400).send({ ready });
    },
  );

  for (const prefix of ['/v2/models/:name', '/v2/models/:name/versions/:version']) {
    app.get(
      prefix,
      {
        config: read,
        schema: {
          tags,
          summary: 'Model metadata',
          security: SECURED,
          params: ModelParamsSchema,
          response: { 200: ModelMetadataSchema, ...errors(401, 403, 404, 429) },
        },
      },
      async (request) => {
        const { card } = resolveModel(request.params);
        const q = card.outputs.quantileLevels.length;
        return {
          name: card.name,
          versions: [card.version],
          platform: 'onnxruntime_onnx',
          inputs: [{ name: card.input.name, datatype: 'FP32', shape: [-1, card.window, CHANNEL_COUNT] }],
          outputs: [
            { name: card.outputs.median, datatype: 'FP32', shape: [-1] },
            { name: card.outputs.lower, datatype: 'FP32', shape: [-1] },
            { name: card.outputs.upper, datatype: 'FP32', shape: [-1] },
            { name: card.outputs.quantiles, datatype: 'FP32', shape: [-1, q] },
          ],
        };
      },
    );

    app.get(
      `${prefix}/ready`,
      {
        config: read,
        schema: {
          tags,
          summary: 'Model ready (400 when not)',
          security: SECURED,
          params: ModelParamsSchema,
          response: {
            200: Type.Object({ name: Type.String(), ready: Type.Boolean() }),
            400: Type.Object({ name: Type.String(), ready: Type.Boolean() }),
            ...errors(401, 403, 404, 429),
          },
        },
      },
      async (request, reply) => {
        const { service, card } = resolveModel(request.params);
        const ready = service.state === 'ready';
        return reply.code(ready ? 200 : 400).send({ name: card.name, ready });
      },
    );

    app.post(
      `${prefix}/infer`,
      {
        config: read,
        schema: {
          tags,
          summary: `Run the model on a raw FP32 tensor [batch, window, ${CHANNEL_COUNT}]`,
          security: SECURED,
          params: ModelParamsSchema,
          body: InferRequestSchema,
          response: { 200: InferResponseSchema, ...errors(400, 401, 403, 404, 413, 415, 429, 503) },
        },
      },
      async (request): Promise<InferResponse> => {
        const { service, card } = resolveModel(request.params);
        const body = request.body;
        const { data, batch } = readInputTensor(body, {
          name: card.input.name,
          window: card.window,
          maxBatch: config.BATCH_MAX_ENGINES,
        });
        const wanted = body.outputs?.map((o) => o.name);
        const known = [card.outputs.median, card.outputs.lower, card.outputs.upper, card.outputs.quantiles];
        const unknown = wanted?.find((n) => !known.includes(n));
        if (unknown) throw new TensorError(`unknown output '${unknown}'; outputs are ${known.join(', ')}`);
        const rows = await service.infer(data, batch);
        const q = card.outputs.quantileLevels.length;
        const tensors = [
          { name: card.outputs.median, datatype: 'FP32', shape: [batch], data: rows.map((r) => r.median) },
          { name: card.outputs.lower, datatype: 'FP32', shape: [batch], data: rows.map((r) => r.lower) },
          { name: card.outputs.upper, datatype: 'FP32', shape: [batch], data: rows.map((r) => r.upper) },
          {
            name: card.outputs.quantiles,
            datatype: 'FP32',
            shape: [batch, q],
            data: rows.flatMap((r) => r.quantiles),
          },
        ];
        return {
          model_name: card.name,
          model_version: card.version,
          ...(body.id !== undefined ? { id: body.id } : {}),
          outputs: wanted ? tensors.filter((t) => wanted.includes(t.name)) : tensors,
        };
      },
    );
  }
}
