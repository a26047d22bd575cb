// Real: two app instances (replicas) on one PostgreSQL schema and one Redis, ONNX Runtime, HTTP sockets. Faked: nothing.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/config/api-keys.js';
import { EVENTS_CHANNEL } from '../../src/plugins/app/fleet/fleet-events.js';
import { TEST_API_KEYS } from '../helpers/test-app.js';
import {
  adminAuth,
  fixtureModel,
  openEventStream,
  POSTGRES_REDIS,
  readAuth,
  reading,
  startFleetApp,
  waitFor,
  type BackendRun,
} from './fleet-backends.js';

describe('two replicas sharing PostgreSQL and Redis', () => {
  let run: BackendRun;
  let a: FastifyInstance;
  let b: FastifyInstance;
  // A key of this run only, so the shared rate-limit counters in Redis start from zero.
  const runKey = `replica-${randomBytes(8).toString('hex')}`;

  beforeAll(async () => {
    run = await POSTGRES_REDIS.create();
    // A slow poll, so the switch below can only come from the pub/sub event.
    const env = {
      ...run.env,
      MODEL_POLL_INTERVAL_MS: '60000',
      RATE_LIMIT_MAX: '1000',
      API_KEYS: `${TEST_API_KEYS},replica:read:${hashKey(runKey)}`,
    };
    a = await startFleetApp(env);
    b = await startFleetApp(env);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await run?.cleanup();
  });

  it("delivers one replica's events to the other replica's SSE clients", async () => {
    await b.listen({ port: 0, host: '127.0.0.1' });
    const stream = await openEventStream(
      `http://127.0.0.1:${(b.server.address() as AddressInfo).port}/events`,
      readAuth,
    );
    try {
      await waitFor(() => stream.text.includes(': connected'));
      const res = await a.inject({
        method: 'POST',
        url: '/engines/REPLICA-1/telemetry',
        headers: readAuth,
        payload: { cycles: [reading(1)] },
      });
      expect(res.statusCode).toBe(200);
      await waitFor(() => stream.text.includes('"engine":"REPLICA-1"'));
      expect(stream.text).toContain('event: prediction');
    } finally {
      stream.close();
    }
  });

  it("delivers a bulk request's events, sent as one message, to the other replica's SSE clients", async () => {
    const stream = await openEventStream(
      `http://127.0.0.1:${(b.server.address() as AddressInfo).port}/events?types=prediction`,
      readAuth,
    );
    try {
      await waitFor(() => stream.text.includes(': connected'));
      const res = await a.inject({
        method: 'POST',
        url: '/fleet/telemetry',
        headers: readAuth,
        payload: { engines: ['BULK-R1', 'BULK-R2'].map((id) => ({ id, cycles: [reading(1)] })) },
      });
      expect(res.json().engines.map((e: { outcome: string }) => e.outcome)).toEqual(['stored', 'stored']);
      await waitFor(() => stream.text.includes('"engine":"BULK-R2"'));
      // One SSE event per prediction, in request order.
      const engines = [...stream.text.matchAll(/"engine":"(BULK-R\d)"/g)].map((m) => m[1]);
      expect(engines).toEqual(['BULK-R1', 'BULK-R2']);
      expect(stream.text.match(/^event: prediction$/gm)).toHaveLength(2);
    } finally {
      stream.close();
    }
  });

  it('never sends a replica of an older release (single events only) a burst', async () => {
    // What an older replica reads: the events channel, each message one event object.
    const older: unknown[] = [];
    const unsubscribe = await b.cache.subscribe(EVENTS_CHANNEL, (m) => older.push(m));
    try {
      const bulk = await a.inject({
        method: 'POST',
        url: '/fleet/telemetry',
        headers: readAuth,
        payload: { engines: ['BULK-O1', 'BULK-O2'].map((id) => ({ id, cycles: [reading(1)] })) },
      });
      expect(bulk.statusCode).toBe(200);
      const single = await a.inject({
        method: 'POST',
        url: '/engines/OLDER-1/telemetry',
        headers: readAuth,
        payload: { cycles: [reading(1)] },
      });
      expect(single.statusCode).toBe(200);
      await waitFor(() => older.some((m) => JSON.stringify(m).includes('"engine":"OLDER-1"')));
      expect(older.filter((m) => Array.isArray(m))).toEqual([]);
      expect(older.every((m) => typeof (m as { type?: unknown }).type === 'string')).toBe(true);
      expect(JSON.stringify(older)).not.toContain('BULK-O');
    } finally {
      await unsubscribe();
    }
  });

  it('switches every replica when one activates a model', async () => {
    const { card, onnx } = await fixtureModel();
    const upload = await a.inject({
      method: 'POST',
      url: '/models',
      headers: adminAuth,
      payload: { card: { ...card, version: '0.0.3-test' }, onnx: onnx.toString('base64'), activate: true },
    });
    expect(upload.statusCode).toBe(201);
    expect(upload.json()).toMatchObject({ status: 'active', serving: true });
    expect(a.model.card?.version).toBe('0.0.3-test');
    await waitFor(() => b.model.card?.version === '0.0.3-test', 15_000);
    const predicted = await b.inject({
      method: 'POST',
      url: '/predict',
      headers: readAuth,
      payload: { cycles: [reading(1), reading(2)] },
    });
    expect(predicted.json().model.version).toBe('0.0.3-test');
  });

  it('activates and rolls back one model name on every replica, leaving the other name alone', async () => {
    const { card, onnx } = await fixtureModel();
    const upload = (version: string, activate: boolean) =>
      a.inject({
        method: 'POST',
        url: '/models',
        headers: adminAuth,
        payload: { card: { ...card, name: 'rul-second', version }, onnx: onnx.toString('base64'), activate },
      });
    expect((await upload('2.0.0-b', true)).statusCode).toBe(201);
    expect((await upload('2.0.1-b', false)).statusCode).toBe(201);
    const served = (app: FastifyInstance) =>
      Object.fromEntries(app.models.served().map((m) => [m.card.name, m.card.version]));
    const defaultVersion = a.model.card?.version;
    await waitFor(() => b.models.get('rul-second')?.card?.version === '2.0.0-b', 15_000);
    const activated = await b.inject({
      method: 'POST',
      url: '/models/2.0.1-b/activate',
      headers: adminAuth,
    });
    expect(activated.json()).toEqual({ name: 'rul-second', version: '2.0.1-b', previousVersion: '2.0.0-b' });
    await waitFor(() => a.models.get('rul-second')?.card?.version === '2.0.1-b', 15_000);
    for (const app of [a, b]) {
      expect(served(app)).toEqual({ 'rul-fixture': defaultVersion, 'rul-second': '2.0.1-b' });
    }
    const rolledBack = await a.inject({
      method: 'POST',
      url: '/models/rollback?model=rul-second',
      headers: adminAuth,
    });
    expect(rolledBack.json()).toEqual({ name: 'rul-second', version: '2.0.0-b', previousVersion: '2.0.1-b' });
    await waitFor(() => b.models.get('rul-second')?.card?.version === '2.0.0-b', 15_000);
    for (const app of [a, b]) {
      expect(served(app)).toEqual({ 'rul-fixture': defaultVersion, 'rul-second': '2.0.0-b' });
    }
    const byName = await b.inject({
      method: 'POST',
      url: '/predict',
      headers: readAuth,
      payload: { model: 'rul-second', cycles: [reading(1), reading(2)] },
    });
    expect(byName.json().model).toEqual({ name: 'rul-second', version: '2.0.0-b' });
    const registry = (await a.inject({ url: '/models', headers: readAuth })).json();
    const active = registry.items.filter((m: { status: string }) => m.status === 'active');
    expect(active.map((m: { name: string; version: string }) => `${m.name}@${m.version}`).sort()).toEqual([
      `rul-fixture@${defaultVersion}`,
      'rul-second@2.0.0-b',
    ]);
  });

  it('shares one rate-limit budget across replicas through Redis', async () => {
    const headers = { authorization: `Bearer ${runKey}` };
    const remaining = [];
    for (const app of [a, b, a, b]) {
      const res = await app.inject({ url: '/models/active', headers });
      expect(res.statusCode).toBe(200);
      remaining.push(Number(res.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual([999, 998, 997, 996]);
  });
});
