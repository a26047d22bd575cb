/**
 * The Compose file combinations CI supports, the two Compose implementations that must read them,
 * and a normal form of a `config` result so that what v1 and v2 made of the same files can be compared.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readRepoFile, run, tool, type RunResult } from './repo.js';

export interface Combo {
  files: string[];
  profiles: string[];
  /** The .env template to use; null: no .env at all, as on a fresh clone. */
  env: string | null;
}

export const composeFiles = [
  'docker-compose.yml',
  'docker-compose.prod.yml',
  'docker-compose.dev.yml',
  'docker-compose.test.yml',
];

const production = ['docker-compose.yml', 'docker-compose.prod.yml'];

export const combos: Combo[] = [
  { files: ['docker-compose.yml'], profiles: [], env: null },
  { files: ['docker-compose.yml'], profiles: [], env: '.env.example' },
  { files: production, profiles: ['gpu', 'grafana'], env: '.env.production.example' },
  { files: ['docker-compose.yml', 'docker-compose.dev.yml'], profiles: [], env: '.env.development.example' },
  {
    files: ['docker-compose.yml', 'docker-compose.dev.yml'],
    profiles: ['tools'],
    env: '.env.development.example',
  },
  { files: ['docker-compose.yml', 'docker-compose.test.yml'], profiles: [], env: '.env.example' },
];

export const comboName = (c: Combo): string =>
  `${c.files.join(' + ')}${c.profiles.length ? ` --profile ${c.profiles.join(',')}` : ''} with ${c.env ?? 'no .env'}`;

/** `--env-file … -f … --profile …` for a combination; the env file is the template, CHANGE_ME filled. */
export function comboArgs(c: Combo): string[] {
  const args = ['--env-file', envFileFrom(c.env), ...c.files.flatMap((f) => ['-f', f])];
  for (const p of c.profiles) args.push('--profile', p);
  return args;
}

/** A temporary .env from a template (CHANGE_ME filled), or an empty one, so a developer's own .env stays out. */
export function envFileFrom(template: string | null): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'rul-compose-'));
  const file = path.join(dir, '.env');
  writeFileSync(file, template === null ? '' : readRepoFile(template).replaceAll('CHANGE_ME', 'test-value'));
  return file;
}

/** `config` of FILES with no .env and nothing but PATH in the environment: what a fresh clone sees. */
export function configWithoutEnv(bin: string, files: readonly string[]): RunResult {
  return run(bin, ['--env-file', envFileFrom(null), ...files.flatMap((f) => ['-f', f]), 'config'], {
    env: { PATH: process.env['PATH'] },
  });
}

export const productionFiles: readonly string[] = production;

/** How the production layer refuses a missing secret: by name, pointing at the template. */
export const missingProductionSecret =
  /production needs (POSTGRES_PASSWORD|REDIS_PASSWORD|API_KEYS|GRAFANA_ADMIN_PASSWORD) in \.env \(see \.env\.production\.example\)/;

/** Compose v1.29: Debian bookworm's `docker-compose`. */
export const composeV1 = (): string => tool('docker-compose');

/** The Compose v2 version docker/scripts/ci-install.sh pins (its single source). */
export function pinnedComposeV2Version(): string {
  const m = /^compose_v2_version=(\S+)$/m.exec(readRepoFile('docker/scripts/ci-install.sh'));
  if (!m?.[1]) throw new Error('docker/scripts/ci-install.sh has no compose_v2_version= line');
  return m[1];
}

/**
 * Compose v2: the binary ci-install.sh unpacks into the cache (a CLI plugin that also runs
 * standalone), or RUL_COMPOSE_V2. Missing is a failure, never a skip.
 */
export function composeV2(): string {
  const cache = process.env['RUL_SMOKE_CACHE'] ?? '/var/cache/rul-deploy-checks';
  const bin = process.env['RUL_COMPOSE_V2'] ?? path.join(cache, 'compose-v2/cli-plugins/docker-compose');
  if (!existsSync(bin))
    throw new Error(
      `Compose v2 not found at ${bin}: run \`bash docker/scripts/ci-install.sh\` as root first`,
    );
  return bin;
}

type Raw = Record<string, unknown>;
export interface NormalService {
  image: string | null;
  ports: string[];
  volumes: string[];
  networks: string[];
  depends_on: Record<string, string>;
  environment: Record<string, string | null>;
  healthcheck: string | null;
  user: string | null;
  read_only: boolean;
  limits: { cpus: number | null; memory: number | null };
  profiles: string[];
  tmpfs: string[];
}
export interface NormalConfig {
  services: Record<string, NormalService>;
  networks: Record<string, { internal: boolean }>;
  volumes: string[];
}

const units: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** "768M" (v1) and "805306368" (v2) are the same limit. */
function bytes(v: unknown): number | null {
  if (v === undefined || v === null) return null;
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(String(v));
  if (!m) throw new Error(`unreadable memory size ${String(v)}`);
  return Math.round(Number(m[1]) * (units[(m[2] ?? 'b').toLowerCase()] ?? 1));
}

/** v1 writes `IP:PUBLISHED:TARGET/PROTO`; v2 the long form with `published` as a string. */
function port(p: unknown): string {
  if (typeof p === 'object' && p !== null) {
    const o = p as Raw;
    return `${String(o['host_ip'] ?? '')}:${String(o['published'] ?? '')}:${String(o['target'])}/${String(o['protocol'] ?? 'tcp')}`;
  }
  const s = String(p);
  const [spec = '', proto = 'tcp'] = s.split('/');
  const parts = spec.split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  const ip = parts.join(':');
  return `${ip}:${published}:${target}/${proto}`;
}

/** v1 writes `SOURCE:TARGET:MODE`; v2 `{type, source, target, read_only}`. */
function volume(v: unknown): string {
  if (typeof v === 'object' && v !== null) {
    const o = v as Raw;
    return `${String(o['type'])} ${String(o['source'] ?? '')} -> ${String(o['target'])} ${o['read_only'] === true ? 'ro' : 'rw'}`;
  }
  const parts = String(v).split(':');
  if (parts.length === 1) return `volume  -> ${parts[0] ?? ''} rw`;
  const [source = '', target = '', mode = 'rw'] = parts;
  const type = source.startsWith('/') || source.startsWith('.') ? 'bind' : 'volume';
  return `${type} ${source} -> ${target} ${mode.split(',').includes('ro') ? 'ro' : 'rw'}`;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const keysOf = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : typeof v === 'object' && v !== null ? Object.keys(v) : [];

function service(s: Raw): NormalService {
  const deploy = (s['deploy'] ?? {}) as { resources?: { limits?: { cpus?: unknown; memory?: unknown } } };
  const limits = deploy.resources?.limits ?? {};
  const deps = s['depends_on'] ?? {};
  const env = (s['environment'] ?? {}) as Record<string, unknown>;
  const hc = s['healthcheck'] as { test?: unknown } | undefined;
  return {
    image: typeof s['image'] === 'string' ? s['image'] : null,
    ports: Array.isArray(s['ports']) ? (s['ports'] as unknown[]).map(port).sort() : [],
    volumes: Array.isArray(s['volumes']) ? (s['volumes'] as unknown[]).map(volume).sort() : [],
    networks: keysOf(s['networks']).sort(),
    depends_on: Object.fromEntries(
      Array.isArray(deps)
        ? deps.map((d) => [String(d), 'service_started'])
        : Object.entries(deps as Record<string, { condition?: string }>).map(([k, d]) => [
            k,
            d.condition ?? 'service_started',
          ]),
    ),
    environment: Object.fromEntries(
      Object.entries(env)
        .map(([k, v]): [string, string | null] => [k, v === null || v === undefined ? null : String(v)])
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
    healthcheck: hc?.test === undefined ? null : JSON.stringify(hc.test),
    user: s['user'] === undefined ? null : String(s['user']),
    read_only: s['read_only'] === true,
    limits: {
      cpus: limits.cpus === undefined ? null : Number(limits.cpus),
      memory: bytes(limits.memory),
    },
    profiles: list(s['profiles']).sort(),
    tmpfs: (Array.isArray(s['tmpfs']) ? list(s['tmpfs']) : s['tmpfs'] ? [String(s['tmpfs'])] : []).sort(),
  };
}

/**
 * What a `config` output means, independent of which Compose wrote it. v1 also prints the services
 * of profiles that are not active (neither version starts them), so only active ones are kept.
 */
export function normalize(doc: Raw, activeProfiles: readonly string[]): NormalConfig {
  const services = Object.fromEntries(
    Object.entries((doc['services'] ?? {}) as Record<string, Raw>).filter(([, s]) => {
      const profiles = list(s['profiles']);
      return profiles.length === 0 || profiles.some((p) => activeProfiles.includes(p));
    }),
  );
  const networks = (doc['networks'] ?? {}) as Record<string, Raw | null>;
  return {
    services: Object.fromEntries(
      Object.keys(services)
        .sort()
        .map((k) => [k, service(services[k] ?? {})]),
    ),
    networks: Object.fromEntries(
      Object.keys(networks)
        .sort()
        .map((k) => [k, { internal: networks[k]?.['internal'] === true }]),
    ),
    // v2 leaves out the volumes that only inactive services use; v1 lists them all.
    volumes: keysOf(doc['volumes'])
      .filter((v) =>
        Object.values(services).some((s) => service(s).volumes.some((m) => m.startsWith(`volume ${v} `))),
      )
      .sort(),
  };
}
