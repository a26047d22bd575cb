// Real: the API (buildApp, listening on loopback) on PostgreSQL and Redis, the PostgreSQL connection
// through a TCP proxy the test cuts and restores, ONNX Runtime, and the simulator's bulk streamer and
// verification pass as the client. Faked: nothing.
import { TcpProxy } from '@rul/db/testing';
import { lazyFleet, streamTelemetry, verified, verifyAcknowledged } from '@rul/simulator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { READ_KEY } from '../helpers/test-app.js';
import { POSTGRES_REDIS, startFleetApp, type BackendRun } from './fleet-backends.js';

describe('the simulator streaming a fleet through POST /fleet/telemetry', () => {
  const proxy = new TcpProxy('127.0.0.1', 5432);
  let run: BackendRun;
  let app: FastifyInstance;
  let api: string;

  beforeAll(async () => {
    await proxy.start();
    run = await POSTGRES_REDIS.create({ databaseUrl: `postgres://postgres@127.0.0.1:${proxy.port}/test` });
    app = await startFleetApp(run.env);
    api = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app?.close();
    await proxy.cut();
    await run?.cleanup();
  });

  it('stores every acknowledged cycle as sent, each engine re-predicted', async () => {
    const engines = lazyFleet({ engines: 30, seed: 16, unitName: (i) => `SIMV-${i}` });
    const report = await streamTelemetry({
      api,
      apiKey: READ_KEY,
      engines,
      rate: 0,
      batch: 20,
      enginesPerRequest: 10,
      concurrency: 3,
    });
    const sent = engines.reduce((n, e) => n + e.life, 0);
    const l = report.ledger;
    expect(l.stopped).toEqual([]);
    expect(l.cyclesAcknowledged).toBe(sent);
    expect(l.cyclesStored).toBe(sent);
    expect(l.batchesPredicted).toBe(l.batchesStored);
    expect(l.ranges.size).toBe(30);

    const check = await verifyAcknowledged({ api, apiKey: READ_KEY, engines, ledger: l, concurrency: 4 });
    expect(check).toMatchObject({
      engines: 30,
      cyclesChecked: sent,
      missing: 0,
      different: 0,
      unreadable: [],
    });

    // Sent again as NDJSON, everything comes back as duplicates.
    const again = await streamTelemetry({
      api,
      apiKey: READ_KEY,
      engines: engines.slice(0, 5),
      format: 'ndjson',
      rate: 0,
      batch: 50,
    });
    expect(again.ledger.cyclesDuplicate).toBe(engines.slice(0, 5).reduce((n, e) => n + e.life, 0));
    expect(again.ledger.cyclesStored).toBe(0);
  });

  it('rides out the database going away mid-stream: retries, then nothing acknowledged is missing', async () => {
    const engines = lazyFleet({ engines: 40, seed: 17, unitName: (i) => `SIMO-${i}` });
    const streaming = streamTelemetry({
      api,
      apiKey: READ_KEY,
      engines,
      rate: 0,
      batch: 2,
      enginesPerRequest: 10,
      concurrency: 3,
      durationMs: 5_000,
    });
    await new Promise((r) => setTimeout(r, 1_000));
    await proxy.cut();
    await new Promise((r) => setTimeout(r, 1_500));
    await proxy.start();
    const report = await streaming;
    const l = report.ledger;
    expect(report.retries).toBeGreaterThan(0);
    expect(report.longestOutageMs).toBeGreaterThan(1_000);
    expect(l.stopped).toEqual([]);
    expect(l.cyclesAcknowledged).toBeGreaterThan(0);

    const check = await verifyAcknowledged({ api, apiKey: READ_KEY, engines, ledger: l, concurrency: 4 });
    expect(verified(check)).toBe(true);
    expect(check.cyclesChecked).toBe(l.cyclesAcknowledged);
  });
});
