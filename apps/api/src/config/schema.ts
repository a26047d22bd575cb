/**
 * Every environment variable the API reads, defined once. The `Config` type is derived from this
 * schema; `loadConfig` is the only code that touches process.env.
 */
import { Type, type Static } from 'typebox';

const int = (def: number | undefined, min: number, max: number, description: string) =>
  def === undefined
    ? Type.Optional(Type.Integer({ minimum: min, maximum: max, description }))
    : Type.Integer({ minimum: min, maximum: max, default: def, description });

export const ConfigSchema = Type.Object({
  NODE_ENV: Type.Union([Type.Literal('development'), Type.Literal('production'), Type.Literal('test')], {
    default: 'development',
    description: 'production turns authentication on by default',
  }),
  PORT: int(8000, 0, 65535, 'HTTP port'),
  HOST: Type.String({ default: '0.0.0.0', description: 'Interface to listen on' }),
  LOG_LEVEL: Type.Union(
    [
      Type.Literal('fatal'),
      Type.Literal('error'),
      Type.Literal('warn'),
      Type.Literal('info'),
      Type.Literal('debug'),
      Type.Literal('trace'),
      Type.Literal('silent'),
    ],
    { default: 'info' },
  ),
  DATABASE_URL: Type.Optional(Type.String({ description: 'Postgres URL (fleet storage, later step)' })),
  REDIS_URL: Type.Optional(Type.String({ description: 'Redis URL (shared rate limits/queues, later step)' })),
  DATA_DIR: Type.Optional(Type.String({ description: 'Writable data directory; default <repo>/.data' })),
  MODEL_DIR: Type.Optional(
    Type.String({
      description: 'Directory holding model.onnx + model-card.json; default <repo>/models/default',
    }),
  ),
  DASHBOARD_DIR: Type.Optional(
    Type.String({
      description: 'Built dashboard served at / when present; default <repo>/apps/dashboard/dist',
    }),
  ),
  API_KEYS: Type.String({
    default: '',
    description: 'Comma-separated `name:scope:sha256hex` entries (scope read|admin); see `pnpm keygen`',
  }),
  AUTH_MODE: Type.Union([Type.Literal('auto'), Type.Literal('required'), Type.Literal('disabled')], {
    default: 'auto',
    description: 'auto = required in production or when keys are configured, else off (with a warning)',
  }),
  CORS_ORIGINS: Type.String({ default: '', description: 'Comma-separated allowed origins; empty = no CORS' }),
  RATE_LIMIT_MAX: int(1200, 0, 10_000_000, 'Requests per window per key (or IP); 0 disables'),
  RATE_LIMIT_WINDOW_MS: int(60_000, 100, 86_400_000, 'Rate-limit window'),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 1_073_741_824, 'Body limit for JSON routes'),
  BATCH_BODY_LIMIT_BYTES: int(16_777_216, 1024, 1_073_741_824, 'Body limit for /predict/batch'),
  BATCH_MAX_ENGINES: int(1000, 1, 100_000, 'Engines (units) allowed in one /predict/batch request'),
  BATCH_MAX_SIZE: int(64, 1, 4096, 'Largest micro-batch handed to ONNX Runtime'),
  BATCH_MAX_WAIT_MS: Type.Number({
    minimum: 0,
    maximum: 1000,
    default: 1,
    description: 'Max wait to fill a batch',
  }),
  QUEUE_MAX: int(4096, 1, 1_000_000, 'Queued windows before new work is refused with 503'),
  CPU_LIMIT: int(undefined, 1, 1024, 'CPUs this process may use; default os.availableParallelism()'),
  INFERENCE_WORKERS: int(1, 1, 64, 'Worker threads running ONNX Runtime'),
  INFERENCE_THREADS: int(undefined, 1, 256, 'intraOpNumThreads per worker; default from CPU_LIMIT'),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000, 'Grace period for in-flight requests on SIGTERM'),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'Trust X-Forwarded-* (behind a proxy)' }),
});

export type Config = Static<typeof ConfigSchema>;

/** Variables that may hold secrets; each may instead be given as a file path in `<NAME>_FILE`. */
export const SECRET_KEYS = ['API_KEYS', 'DATABASE_URL', 'REDIS_URL'] as const;
