/**
 * Every environment variable the API reads, defined once. The `Config` type is derived from this
 * schema (plus the settings loadConfig resolves); `loadConfig` is the only code that touches process.env.
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
  HOST: Type.Optional(
    Type.String({
      description:
        'Interface to listen on; default 0.0.0.0 when authentication is on, 127.0.0.1 when it is off',
    }),
  ),
  PROTECTED_MODE: Type.Boolean({
    default: true,
    description:
      'Refuse to listen beyond loopback while authentication is off; false serves an open API on HOST',
  }),
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
  DATABASE_URL: Type.Optional(
    Type.String({ description: 'PostgreSQL URL for fleet storage; unset = embedded PGlite in DATA_DIR' }),
  ),
  DB_SCHEMA: Type.Optional(
    Type.String({
      pattern: '^[a-z_][a-z0-9_]{0,62}$',
      description: 'Schema for the tables (default public)',
    }),
  ),
  REDIS_URL: Type.Optional(
    Type.String({
      description: 'Redis URL (prediction cache, shared rate limits, pub/sub); unset = in-process',
    }),
  ),
  REDIS_KEY_PREFIX: Type.String({ default: 'rul:', description: 'Prefix of Redis keys and channels' }),
  DATA_DIR: Type.Optional(Type.String({ description: 'Writable data directory; default <repo>/.data' })),
  PGLITE_SOCKET_PORT: int(undefined, 0, 65535, 'Embedded mode: also serve the database on this port'),
  TRAINER_WORKER: Type.Optional(
    Type.String({ description: 'Embedded mode: command that starts a local training worker' }),
  ),
  MODEL_ARTIFACT_DIR: Type.Optional(
    Type.String({
      description: 'Where registry models are unpacked for ONNX Runtime; default DATA_DIR/models',
    }),
  ),
  RUL_WARNING_THRESHOLD: int(50, 0, 100_000, 'RUL (cycles) at or below which an engine is warning'),
  RUL_CRITICAL_THRESHOLD: int(20, 0, 100_000, 'RUL (cycles) at or below which an engine is critical'),
  AUTO_PROMOTE: Type.Boolean({
    default: false,
    description: 'Activate a trained model automatically when its validation RMSE beats the active one',
  }),
  DEMO_SEED: int(
    undefined,
    0,
    10_000,
    'Demo engines seeded into an empty database; default 12 (0 in production/test)',
  ),
  MODEL_POLL_INTERVAL_MS: int(5000, 100, 3_600_000, 'How often the active model version is re-read'),
  PREDICTION_CACHE_TTL_SECONDS: int(300, 1, 86_400, 'Lifetime of cached predictions'),
  FLEET_RUL_BAND_WIDTH: int(
    25,
    1,
    100_000,
    'Width (cycles of RUL) of the bands /fleet/summary counts engines in, up to the highest maxRul served',
  ),
  TELEMETRY_RETENTION_DAYS: int(
    0,
    0,
    36_500,
    'Telemetry and prediction history older than this is dropped by partition (engines that ran to failure keep theirs); 0 keeps everything',
  ),
  STORAGE_MAINTENANCE_INTERVAL_MINUTES: int(
    60,
    1,
    10_080,
    'How often storage maintenance (partitions ahead, retention) runs; one replica at a time',
  ),
  DRIFT_WINDOW_CYCLES: int(2000, 10, 1_000_000, 'Recent cycles (fleet-wide) compared with training data'),
  DRIFT_THRESHOLD: Type.Number({
    minimum: 0,
    default: 3,
    description: 'Standardised mean shift above which a channel is flagged as drifting',
  }),
  MODEL_UPLOAD_LIMIT_BYTES: int(67_108_864, 1024, 1_073_741_824, 'Body limit for POST /models'),
  MODEL_DIR: Type.Optional(
    Type.String({
      description: 'Directory holding model.onnx + model-card.json; default <repo>/models/default',
    }),
  ),
  EXTRA_MODEL_DIRS: Type.Optional(
    Type.String({
      description:
        'Comma-separated folders of further models served beside MODEL_DIR, each chosen by name or by ' +
        'the operating conditions of a history; default: with MODEL_DIR unset, every other model ' +
        'folder beside <repo>/models/default (one per C-MAPSS subset); with MODEL_DIR set, none. ' +
        'Empty: none',
    }),
  ),
  MODEL_PREFERENCE: Type.String({
    default: '',
    description:
      'Comma-separated model names preferred, in order, among models that fit a history equally ' +
      'well (default: the MODEL_DIR model, then the others in folder order)',
  }),
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
  EVENT_TICKET_TTL_SECONDS: int(60, 1, 3600, 'Lifetime of a single-use GET /events ticket'),
  RATE_LIMIT_MAX: int(1200, 0, 10_000_000, 'Requests per window per key (or IP); 0 disables'),
  RATE_LIMIT_WINDOW_MS: int(60_000, 100, 86_400_000, 'Rate-limit window'),
  BODY_LIMIT_BYTES: int(1_048_576, 1024, 1_073_741_824, 'Body limit for JSON routes'),
  BATCH_BODY_LIMIT_BYTES: int(16_777_216, 1024, 1_073_741_824, 'Body limit for /predict/batch'),
  BATCH_MAX_ENGINES: int(
    1000,
    1,
    100_000,
    'Engines (units) allowed in one /predict/batch or POST /fleet/telemetry request',
  ),
  BATCH_MAX_SIZE: int(64, 1, 4096, 'Largest micro-batch handed to ONNX Runtime'),
  // Small hand-offs let the event loop answer one group while the worker computes the next; a busy
  // worker still merges what queued into runs of up to BATCH_MAX_SIZE, so batching grows with load.
  BATCH_DISPATCH_SIZE: int(
    undefined,
    1,
    4096,
    'Hand-off size when grouping small requests (at most BATCH_MAX_SIZE; default 8 or BATCH_MAX_SIZE if smaller); one request goes whole up to BATCH_MAX_SIZE',
  ),
  BATCH_MAX_WAIT_MS: Type.Number({
    minimum: 0,
    maximum: 1000,
    // 0 = coalesce what arrived in the same event-loop turn plus whatever queued while the workers were
    // busy; on a loaded 2-core box a fixed 1 ms timer cost more throughput than it gained in batching.
    default: 0,
    description: 'Max wait to fill a batch (0 = same event-loop turn)',
  }),
  QUEUE_MAX: int(4096, 1, 1_000_000, 'Queued windows before new work is refused with 503'),
  CPU_LIMIT: int(undefined, 1, 1024, 'CPUs this process may use; default os.availableParallelism()'),
  INFERENCE_WORKERS: int(1, 1, 64, 'Worker threads running ONNX Runtime'),
  INFERENCE_THREADS: int(undefined, 1, 256, 'intraOpNumThreads per worker; default from CPU_LIMIT'),
  BODY_READER_THREADS: int(
    undefined,
    0,
    64,
    'Threads that read large /predict and /predict/batch JSON bodies off the event loop (0 = read on it); default 1 when CPU_LIMIT > 1, else 0',
  ),
  BODY_READER_MIN_BYTES: int(
    262_144,
    0,
    1_073_741_824,
    'JSON prediction bodies at least this large go to a body reader thread; smaller ones are read on the event loop',
  ),
  SHUTDOWN_TIMEOUT_MS: int(10_000, 0, 600_000, 'Grace period for in-flight requests on SIGTERM'),
  TRUST_PROXY: Type.Boolean({ default: false, description: 'Trust X-Forwarded-* (behind a proxy)' }),
});

/** The environment as validated, before loadConfig fills in what is derived. */
export type ConfigInput = Static<typeof ConfigSchema>;

/** Settings without a fixed default that loadConfig always resolves (from CPUs, paths, NODE_ENV, ...). */
type ResolvedKey =
  | 'HOST'
  | 'CPU_LIMIT'
  | 'INFERENCE_THREADS'
  | 'BODY_READER_THREADS'
  | 'BATCH_DISPATCH_SIZE'
  | 'DEMO_SEED'
  | 'MODEL_DIR'
  | 'DASHBOARD_DIR'
  | 'DATA_DIR';

/** Lists given as comma-separated text, resolved to arrays. */
type ListKey = 'EXTRA_MODEL_DIRS' | 'MODEL_PREFERENCE';

/** The resolved configuration: every defaulted or derived setting is present. */
export type Config = Omit<ConfigInput, ResolvedKey | ListKey> &
  Required<Pick<ConfigInput, ResolvedKey>> &
  Record<ListKey, string[]>;

/** Variables that may hold secrets; each may instead be given as a file path in `<NAME>_FILE`. */
export const SECRET_KEYS = ['API_KEYS', 'DATABASE_URL', 'REDIS_URL'] as const;
