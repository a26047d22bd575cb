/** Reads, coerces and validates the environment once, failing with the name of the bad variable. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { Value } from 'typebox/value';
import { parseApiKeys } from './api-keys.js';
import { resolveListenHost } from './listen-address.js';
import { defaultDashboardDir, defaultDataDir, defaultModelDir } from './paths.js';
import { ConfigSchema, SECRET_KEYS, type Config, type ConfigInput } from './schema.js';

/** Hand-off size for groups of small requests (measured on 2 cores: 8 beat 16 and 64). */
const DEFAULT_DISPATCH_SIZE = 8;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

function readSecretFiles(env: Env): Env {
  const out: Env = { ...env };
  for (const key of SECRET_KEYS) {
    const file = env[`${key}_FILE`];
    if (!file) continue;
    if (env[key]) throw new ConfigError(`${key} and ${key}_FILE are both set; set only one`);
    try {
      out[key] = readFileSync(file, 'utf8').trim();
    } catch (err) {
      throw new ConfigError(`${key}_FILE: cannot read ${file} (${(err as Error).message})`);
    }
  }
  return out;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The other model folders (those holding a model card) beside the bundled default, in name order. */
function siblingModelDirs(modelDir: string): string[] {
  const parent = dirname(modelDir);
  const own = basename(modelDir);
  let entries: string[];
  try {
    entries = readdirSync(parent);
  } catch {
    return [];
  }
  return entries
    .filter((name) => name !== own && existsSync(join(parent, name, 'model-card.json')))
    .sort()
    .map((name) => join(parent, name));
}

/** Builds the config from an env-like object (process.env in server.ts, literals in tests). */
export function loadConfig(env: Env = {}): Config {
  const withSecrets = readSecretFiles(env);
  const known = Object.keys(ConfigSchema.properties) as (keyof ConfigInput)[];
  const raw: Record<string, unknown> = {};
  for (const key of known) {
    const value = withSecrets[key];
    if (value !== undefined && value !== '') raw[key] = value;
    else if ((key === 'API_KEYS' || key === 'EXTRA_MODEL_DIRS') && value === '') raw[key] = '';
  }
  const converted = Value.Convert(ConfigSchema, Value.Default(ConfigSchema, raw));
  const firstError = Value.Errors(ConfigSchema, converted)[0];
  if (firstError) {
    const name = firstError.instancePath.replace(/^\//, '') || 'environment';
    const options = (ConfigSchema.properties as Record<string, { anyOf?: { const?: unknown }[] }>)[name]
      ?.anyOf;
    const why = options ? `must be one of ${options.map((o) => o.const).join(', ')}` : firstError.message;
    const given = withSecrets[name] !== undefined && !(SECRET_KEYS as readonly string[]).includes(name);
    throw new ConfigError(
      `invalid environment variable ${name}: ${why}${given ? ` (got "${withSecrets[name]}")` : ''}`,
    );
  }
  const input = converted as ConfigInput;
  if (input.RUL_CRITICAL_THRESHOLD > input.RUL_WARNING_THRESHOLD) {
    throw new ConfigError(
      'invalid environment variable RUL_CRITICAL_THRESHOLD: must not exceed RUL_WARNING_THRESHOLD',
    );
  }
  if (input.BATCH_DISPATCH_SIZE !== undefined && input.BATCH_DISPATCH_SIZE > input.BATCH_MAX_SIZE) {
    throw new ConfigError('invalid environment variable BATCH_DISPATCH_SIZE: must not exceed BATCH_MAX_SIZE');
  }
  if (input.BATCH_MAX_ENGINES > input.QUEUE_MAX) {
    throw new ConfigError('invalid environment variable BATCH_MAX_ENGINES: must not exceed QUEUE_MAX');
  }
  try {
    parseApiKeys(input.API_KEYS);
  } catch (err) {
    throw new ConfigError(`invalid environment variable API_KEYS: ${(err as Error).message}`);
  }
  const listen = resolveListenHost(input);
  if ('refused' in listen) throw new ConfigError(`refusing to start: ${listen.refused}`);
  const cpus = input.CPU_LIMIT ?? availableParallelism();
  return {
    ...input,
    HOST: listen.host,
    CPU_LIMIT: cpus,
    // Leave one core for the HTTP event loop when there is more than one; split the rest between workers.
    INFERENCE_THREADS:
      input.INFERENCE_THREADS ?? Math.max(1, Math.floor((cpus > 1 ? cpus - 1 : 1) / input.INFERENCE_WORKERS)),
    // Reading a multi-megabyte body is the event loop's largest single cost; with a second core, a reader
    // thread does it while the event loop answers other requests.
    BODY_READER_THREADS: input.BODY_READER_THREADS ?? (cpus > 1 ? 1 : 0),
    MODEL_DIR: resolve(input.MODEL_DIR ?? defaultModelDir),
    EXTRA_MODEL_DIRS:
      input.EXTRA_MODEL_DIRS !== undefined
        ? list(input.EXTRA_MODEL_DIRS).map((dir) => resolve(dir))
        : input.MODEL_DIR === undefined
          ? siblingModelDirs(defaultModelDir)
          : [],
    MODEL_PREFERENCE: list(input.MODEL_PREFERENCE),
    DASHBOARD_DIR: resolve(input.DASHBOARD_DIR ?? defaultDashboardDir),
    DATA_DIR: resolve(input.DATA_DIR ?? defaultDataDir),
    DEMO_SEED: input.DEMO_SEED ?? (input.NODE_ENV === 'development' ? 12 : 0),
    BATCH_DISPATCH_SIZE: input.BATCH_DISPATCH_SIZE ?? Math.min(DEFAULT_DISPATCH_SIZE, input.BATCH_MAX_SIZE),
  };
}
