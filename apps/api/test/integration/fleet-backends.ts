/** Storage backends the fleet suites run against, and helpers to start the real app on them. */
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@rul/db';
import type { FastifyInstance } from 'fastify';
import { ADMIN_KEY, FIXTURE_MODEL_DIR, READ_KEY, startApp, TEST_API_KEYS } from '../helpers/test-app.js';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface BackendRun {
  env: Record<string, string>;
  cleanup(): Promise<void>;
}

export interface FleetBackend {
  name: 'postgres+redis' | 'pglite+memory';
  /** Fresh, empty storage (own schema / own folder) and its environment. */
  create(overrides?: { databaseUrl?: string }): Promise<BackendRun>;
}

const suffix = () => `${process.pid}_${randomBytes(4).toString('hex')}`;

export const POSTGRES_REDIS: FleetBackend = {
  name: 'postgres+redis',
  async create(overrides = {}) {
    const schema = `rul_api_test_${suffix()}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'rul-api-pg-'));
    return {
      env: {
        DATABASE_URL: overrides.databaseUrl ?? TEST_DATABASE_URL,
        DB_SCHEMA: schema,
        REDIS_URL: TEST_REDIS_URL,
        REDIS_KEY_PREFIX: `rul-test-${schema}:`,
        DATA_DIR: dataDir,
      },
      async cleanup() {
        const admin = await openDatabase({ databaseUrl: TEST_DATABASE_URL });
        await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await admin.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  },
};

export const PGLITE_MEMORY: FleetBackend = {
  name: 'pglite+memory',
  async create() {
    const dataDir = await mkdtemp(join(tmpdir(), 'rul-api-pglite-'));
    return { env: { DATA_DIR: dataDir }, cleanup: () => rm(dataDir, { recursive: true, force: true }) };
  },
};

/** The real app with fleet storage, auth on (read and admin keys), a fast registry poll. */
export async function startFleetApp(env: Record<string, string>): Promise<FastifyInstance> {
  const app = await startApp(
    { API_KEYS: TEST_API_KEYS, MODEL_POLL_INTERVAL_MS: '300', RATE_LIMIT_MAX: '0', ...env },
    { fleet: true },
  );
  await app.modelRegistry.bootstrapped;
  return app;
}

export const readAuth = { authorization: `Bearer ${READ_KEY}` };
export const adminAuth = { authorization: `Bearer ${ADMIN_KEY}` };

export async function fixtureModel(): Promise<{ card: Record<string, unknown>; onnx: Buffer }> {
  const card = JSON.parse(await readFile(join(FIXTURE_MODEL_DIR, 'model-card.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const onnx = await readFile(join(FIXTURE_MODEL_DIR, 'model.onnx'));
  return { card, onnx };
}

/** A plausible reading for cycle `c` (values vary with the cycle so resends can differ on purpose). */
export function reading(c: number, bump = 0) {
  return {
    cycle: c,
    settings: [0.001 * (c % 7), 0.0002, 100],
    sensors: [
      518.67,
      642 + c * 0.01 + bump,
      1589 + c * 0.05,
      1400 + c * 0.08,
      14.62,
      21.61,
      554 - c * 0.01,
      2388.06,
      9046,
      1.3,
      47.4 + c * 0.002,
      521.7,
      2388.02,
      8138,
      8.42 + c * 0.0001,
      0.03,
      392,
      2388,
      100,
      39 - c * 0.001,
      23.4,
    ],
  };
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reads a text/event-stream over a real socket into `text`. */
export async function openEventStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers, signal: controller.signal });
  const stream = {
    status: res.status,
    contentType: res.headers.get('content-type'),
    text: '',
    close: () => controller.abort(),
  };
  const reader = res.body?.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const chunk = await reader?.read();
        if (!chunk || chunk.done) break;
        stream.text += decoder.decode(chunk.value, { stream: true });
      }
    } catch {
      // aborted
    }
  })();
  return stream;
}
