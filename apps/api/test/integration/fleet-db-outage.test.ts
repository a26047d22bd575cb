// Real: PostgreSQL behind a TCP proxy the test cuts and restores, Redis, ONNX Runtime, HTTP. Faked: nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTGRES_REDIS, readAuth, reading, startFleetApp, type BackendRun } from './fleet-backends.js';
import { RestorableProxy } from './restorable-proxy.js';

describe('database killed mid-stream', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const proxy = new RestorableProxy('127.0.0.1', 5432);

  beforeAll(async () => {
    await proxy.start();
    run = await POSTGRES_REDIS.create({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
    app = await startFleetApp(run.env);
  });
  afterAll(async () => {
    await app?.close();
    await proxy.cut();
    await run?.cleanup();
  });

  it('answers 503 + Retry-After while it is down; every acknowledged cycle is stored afterwards', async () => {
    const engines = ['OUT-1', 'OUT-2', 'OUT-3'];
    const acknowledged = new Map<string, Set<number>>(engines.map((e) => [e, new Set()]));
    let unavailable = 0;
    let sawNotReady = false;
    let stop = false;

    // One client per engine sends cycle after cycle, retrying what the API asks to retry.
    const client = async (engine: string) => {
      for (let c = 1; !stop && c <= 400; c++) {
        for (;;) {
          const res = await app.inject({
            method: 'POST',
            url: `/engines/${engine}/telemetry`,
            headers: readAuth,
            payload: { cycles: [reading(c)] },
          });
          if (res.statusCode === 200) {
            acknowledged.get(engine)?.add(c);
            break;
          }
          expect(res.statusCode).toBe(503);
          expect(res.headers['retry-after']).toBeDefined();
          expect(res.json().code).toBe('DATABASE_UNAVAILABLE');
          unavailable++;
          if (stop) return;
          await new Promise((r) => setTimeout(r, 50)); // shorter than Retry-After to keep the test fast
        }
      }
    };
    const clients = engines.map(client);
    await new Promise((r) => setTimeout(r, 700));
    await proxy.cut();
    await new Promise((r) => setTimeout(r, 400));
    const ready = await app.inject({ url: '/health/ready' });
    if (ready.statusCode === 503) sawNotReady = ready.json().message.includes('database');
    await new Promise((r) => setTimeout(r, 800));
    await proxy.start();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await Promise.all(clients);

    expect(unavailable).toBeGreaterThan(0);
    expect(sawNotReady).toBe(true);
    for (const engine of engines) {
      const acked = acknowledged.get(engine) as Set<number>;
      expect(acked.size).toBeGreaterThan(5);
      const stored = await app.repos.telemetry.range(engine, 1, 10_000);
      const storedCycles = new Set(stored.map((r) => r.cycle));
      for (const c of acked) expect(storedCycles.has(c)).toBe(true);
      expect(stored.length).toBe(storedCycles.size); // no duplicates
    }
    expect((await app.inject({ url: '/health/ready' })).statusCode).toBe(200);
  });
});
