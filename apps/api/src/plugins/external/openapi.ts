/**
 * OpenAPI document generated from the route schemas (@fastify/swagger), served at /openapi.json and
 * browsable at /docs. apps/api/openapi.json is the committed copy; a test fails when it drifts.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fp from 'fastify-plugin';

export const API_VERSION = '0.1.0';

export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'RUL prediction API',
          version: API_VERSION,
          description:
            'Remaining-useful-life predictions for turbofan engines (NASA C-MAPSS layout) from an ONNX model. ' +
            'Errors share one shape: { statusCode, code, message, details? } (KServe V2 routes use { error }).',
          license: { name: 'Apache-2.0' },
        },
        tags: [
          { name: 'predict', description: 'RUL predictions from cycle histories' },
          { name: 'models', description: 'The served model, the model registry and input drift' },
          { name: 'fleet', description: 'Engines, telemetry ingestion, fleet import and summary' },
          { name: 'events', description: 'Server-sent fleet events' },
          { name: 'training', description: 'Training jobs run by the trainer worker' },
          { name: 'kserve', description: 'Open Inference Protocol (KServe V2 REST)' },
          { name: 'health', description: 'Liveness, readiness and metrics' },
        ],
        components: {
          securitySchemes: {
            bearer: { type: 'http', scheme: 'bearer', description: 'API key as a bearer token' },
            apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
            eventTicket: {
              type: 'apiKey',
              in: 'query',
              name: 'ticket',
              description: 'GET /events only: a single-use ticket from POST /events/ticket',
            },
          },
        },
      },
    });
    await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    app.get(
      '/openapi.json',
      { schema: { hide: true }, config: { scope: 'public', rateLimit: false } },
      async () => app.swagger(),
    );
  },
  { name: 'openapi', fastify: '5.x' },
);
