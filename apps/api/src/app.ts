/**
 * buildApp(config): the one place the Fastify instance is assembled, with production options. Tests,
 * the bench and server.ts all call it. Load order shows the architecture:
 * external plugins (readiness registry, metrics, security, storage, rate limit, auth, docs) → app
 * services (model, predictor, fleet events/metrics/service, model registry) → routes.
 */
import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config/schema.js';
import { installErrorHandlers } from './errors/error-handlers.js';
import { serializeRequest } from './logging/request-serializer.js';
import eventTicketsPlugin from './plugins/app/fleet/event-tickets.js';
import fleetDemoPlugin from './plugins/app/fleet/fleet-demo.js';
import fleetEventsPlugin from './plugins/app/fleet/fleet-events.js';
import fleetMetricsPlugin from './plugins/app/fleet/fleet-metrics.js';
import fleetPlugin from './plugins/app/fleet/fleet-service.js';
import storageMaintenancePlugin from './plugins/app/fleet/storage-maintenance.js';
import trainerWorkerPlugin from './plugins/app/fleet/fleet-trainer-worker.js';
import bodyReadersPlugin from './plugins/app/body-readers.js';
import modelRegistryPlugin from './plugins/app/registry/model-registry.js';
import modelPlugin from './plugins/app/model.js';
import predictorPlugin from './plugins/app/predictor.js';
import readinessPlugin from './plugins/app/readiness.js';
import authPlugin from './plugins/external/auth.js';
import cachePlugin from './plugins/external/cache.js';
import dashboardPlugin, { hasDashboard } from './plugins/external/dashboard.js';
import databasePlugin from './plugins/external/database.js';
import metricsPlugin from './plugins/external/metrics.js';
import openapiPlugin from './plugins/external/openapi.js';
import rateLimitPlugin, { type RateLimitPluginOptions } from './plugins/external/rate-limit.js';
import securityPlugin from './plugins/external/security-headers.js';
import driftRoutes from './routes/drift.js';
import engineTelemetryRoutes from './routes/engines-telemetry.js';
import engineModelRoutes from './routes/engines-model.js';
import engineRoutes from './routes/engines.js';
import eventRoutes from './routes/events.js';
import fleetImportRoutes from './routes/fleet-import.js';
import fleetTelemetryRoutes from './routes/fleet-telemetry.js';
import healthRoutes from './routes/health.js';
import kserveRoutes from './routes/kserve.js';
import metricsRoutes from './routes/metrics.js';
import modelRoutes from './routes/models.js';
import modelRegistryRoutes from './routes/models-registry.js';
import predictRoutes from './routes/predict.js';
import predictBatchRoutes from './routes/predict-batch.js';
import trainingJobRoutes from './routes/training-jobs.js';
import { AJV_OPTIONS, buildValidator } from './schemas/ajv-options.js';

export interface BuildOptions {
  /** Start loading the model when the app is ready (default true). */
  autoloadModel?: boolean;
  /** Bench only: answer predictions with a constant after validation (measures the HTTP bound). */
  skipInference?: boolean;
  /** Override the logger (tests pass false or a stream). */
  logger?: FastifyServerOptions['logger'];
  /** Shared rate-limit store; defaults to the cache plugin's Redis client when REDIS_URL is set. */
  rateLimitRedis?: RateLimitPluginOptions['redis'];
  /** Fleet storage, cache, registry and fleet routes (default true). Tests of other features turn it off. */
  fleet?: boolean;
  /** Embedded database in memory instead of DATA_DIR (generating the OpenAPI document). */
  inMemoryStorage?: boolean;
}

type LoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

function productionLogging(config: Config): LoggerOptions {
  return {
    level: config.LOG_LEVEL,
    // Bodies are never logged (Fastify's serializers don't); keys must not leak through headers either,
    // nor event-stream tickets through the query string.
    redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
    serializers: { req: serializeRequest },
  };
}

// Printable, bounded request ids from callers are kept for end-to-end tracing; anything else is replaced.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    // A logger passed in (tests: a stream, a level) still hides what production hides.
    logger:
      options.logger === false
        ? false
        : { ...productionLogging(config), ...(typeof options.logger === 'object' ? options.logger : {}) },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    requestTimeout: 30_000,
    keepAliveTimeout: 72_000,
    connectionTimeout: 60_000,
    ajv: AJV_OPTIONS,
    schemaController: { compilersFactory: { buildValidator } },
  });
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  installErrorHandlers(app, { spaFallback: hasDashboard(config.DASHBOARD_DIR) });

  const fleet = options.fleet ?? true;
  const autoload = options.autoloadModel ?? true;

  // External plugins (the readiness registry first: storage registers its checks there)
  await app.register(readinessPlugin);
  await app.register(metricsPlugin);
  await app.register(securityPlugin, { config });
  if (fleet) {
    await app.register(databasePlugin, { config, inMemory: options.inMemoryStorage ?? false });
    await app.register(cachePlugin, { config });
  }
  await app.register(rateLimitPlugin, {
    config,
    redis: options.rateLimitRedis ?? (fleet ? app.redis : undefined),
  });
  await app.register(authPlugin, { config });
  await app.register(openapiPlugin);

  // App services
  await app.register(modelPlugin, { config, autoload });
  await app.register(predictorPlugin, { skipInference: options.skipInference ?? false });
  await app.register(bodyReadersPlugin, { config });
  if (fleet) {
    await app.register(fleetEventsPlugin);
    await app.register(eventTicketsPlugin, { config });
    await app.register(fleetMetricsPlugin, { config });
    await app.register(fleetPlugin, { config });
    await app.register(modelRegistryPlugin, { config, autoload });
    await app.register(fleetDemoPlugin, { config });
    await app.register(trainerWorkerPlugin, { config });
    await app.register(storageMaintenancePlugin, { config });
  }

  // Routes
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.register(modelRoutes);
  await app.register(predictRoutes);
  await app.register(predictBatchRoutes, { config });
  await app.register(kserveRoutes, { config });
  if (fleet) {
    await app.register(engineTelemetryRoutes, { config });
    await app.register(fleetTelemetryRoutes, { config });
    await app.register(engineModelRoutes);
    await app.register(engineRoutes);
    await app.register(fleetImportRoutes, { config });
    await app.register(eventRoutes);
    await app.register(modelRegistryRoutes, { config });
    await app.register(driftRoutes, { config });
    await app.register(trainingJobRoutes, { config });
  }
  await app.register(dashboardPlugin, { dir: config.DASHBOARD_DIR });

  return app;
}
