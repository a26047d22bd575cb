// Real: PostgreSQL and Redis, each behind a TCP proxy the test cuts and restores; ONNX Runtime, HTTP. Faked: nothing.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_API_KEYS } from '../helpers/test-app.js';
import {
  POSTGRES_REDIS,
  readAuth,
  reading,
  startFleetApp,
  waitFor,
  type BackendRun,
} from './fleet-backends.js';
import { TcpProxy } from '@rul/db/testing';

describe('database killed mid-stream', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const proxy = new TcpProxy('127.0.0.1', 5432);

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

describe('database down during bulk telemetry', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const proxy = new TcpProxy('127.0.0.1', 5432);

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

  it('answers 503 + Retry-After and stores nothing; the resend is stored once it is back', async () => {
    const payload = {
      engines: [
        { id: 'BULK-DOWN-1', cycles: [reading(1), reading(2)] },
        { id: 'BULK-DOWN-2', cycles: [reading(1)] },
      ],
    };
    const send = () => app.inject({ method: 'POST', url: '/fleet/telemetry', headers: readAuth, payload });
    await proxy.cut();
    const refused = await send();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(refused.json()).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(refused.json().message).toMatch(/nothing was stored/);
    await proxy.start();
    await waitFor(async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, 15_000);
    expect(await app.repos.engines.getMany(['BULK-DOWN-1', 'BULK-DOWN-2'])).toEqual(new Map());
    const resent = await send();
    expect(resent.statusCode).toBe(200);
    expect(resent.json()).toMatchObject({ stored: 3, duplicates: 0 });
    expect((await app.repos.telemetry.range('BULK-DOWN-1', 1, 10)).map((r) => r.cycle)).toEqual([1, 2]);
  });
});

describe('Redis killed while serving', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const proxy = new TcpProxy('127.0.0.1', 6379);

  beforeAll(async () => {
    await proxy.start();
    run = await POSTGRES_REDIS.create();
    app = await startFleetApp({
      ...run.env,
      REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
      RATE_LIMIT_MAX: '100000',
    });
  });
  afterAll(async () => {
    await app?.close();
    await proxy.cut();
    await run?.cleanup();
  });

  it('reports redis not ready, keeps ingesting and predicting without the cache, and recovers', async () => {
    const send = (c: number) =>
      app.inject({
        method: 'POST',
        url: '/engines/NO-REDIS/telemetry',
        headers: readAuth,
        payload: { cycles: [reading(c)] },
      });
    expect((await send(1)).statusCode).toBe(200);
    await proxy.cut();
    const ready = await app.inject({ url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().message).toMatch(/redis \(redis unreachable/);
    expect(ready.json().message).not.toMatch(/database \(/);
    const during = await send(2);
    expect(during.statusCode).toBe(200);
    expect(during.json()).toMatchObject({ stored: 1, prediction: { lastCycle: 2 } });
    await proxy.start();
    const deadline = Date.now() + 10_000;
    while ((await app.inject({ url: '/health/ready' })).statusCode !== 200) {
      if (Date.now() > deadline) throw new Error('redis check did not recover');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await send(3)).statusCode).toBe(200);
  });
});

describe('PostgreSQL unreachable at start', () => {
  let run: BackendRun;
  let app: FastifyInstance;
  const proxy = new TcpProxy('127.0.0.1', 5432);

  afterAll(async () => {
    await app?.close();
    await proxy.cut();
    await run?.cleanup();
  });

  it('starts not ready (naming the database), then migrates and serves once it is reachable', async () => {
    await proxy.start();
    await proxy.cut(); // keeps the port, refuses connections
    run = await POSTGRES_REDIS.create({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
    app = await startApp(
      { ...run.env, API_KEYS: TEST_API_KEYS, MODEL_POLL_INTERVAL_MS: '300', RATE_LIMIT_MAX: '0' },
      { fleet: true },
    );
    const down = await app.inject({ url: '/health/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json().message).toMatch(/database \(postgres not migrated yet/);
    const refused = await app.inject({
      method: 'POST',
      url: '/engines/LATE-1/telemetry',
      headers: readAuth,
      payload: { cycles: [reading(1)] },
    });
    expect(refused.statusCode).toBe(503);
    await proxy.start();
    await waitFor(async () => (await app.inject({ url: '/health/ready' })).statusCode === 200, 15_000);
    await app.modelRegistry.bootstrapped;
    const ok = await app.inject({
      method: 'POST',
      url: '/engines/LATE-1/telemetry',
      headers: readAuth,
      payload: { cycles: [reading(1)] },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().prediction).not.toBeNull();
  });
});
