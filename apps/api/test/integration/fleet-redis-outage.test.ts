// Real: PostgreSQL, Redis behind a TCP proxy the test cuts and restores, ONNX Runtime, HTTP sockets, the app's logs. Faked: nothing.
import { openCache, type Cache } from '@rul/cache';
import { TcpProxy } from '@rul/db/testing';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, TEST_API_KEYS } from '../helpers/test-app.js';
import {
  adminAuth,
  openEventStream,
  POSTGRES_REDIS,
  readAuth,
  reading,
  TEST_REDIS_URL,
  waitFor,
  type BackendRun,
} from './fleet-backends.js';

const RATE_LIMIT_MAX = 30;

describe('Redis unreachable at start, then up, then cut mid-run', () => {
  const target = new URL(TEST_REDIS_URL);
  const proxy = new TcpProxy(target.hostname, Number(target.port || 6379));
  const logs: Array<{ level: number; msg: string; component?: string }> = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  let run: BackendRun;
  let app: FastifyInstance;
  let base: string;
  let peer: Cache; // another replica's view of the same Redis and key prefix
  const acknowledged = new Set<number>();
  let nextCycle = 1;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    await proxy.start();
    await proxy.cut(); // keeps the port, refuses connections
    run = await POSTGRES_REDIS.create();
    app = await startApp(
      {
        ...run.env,
        REDIS_URL: `redis://127.0.0.1:${proxy.port}`,
        API_KEYS: TEST_API_KEYS,
        MODEL_POLL_INTERVAL_MS: '300',
        RATE_LIMIT_MAX: String(RATE_LIMIT_MAX),
        RATE_LIMIT_WINDOW_MS: '600000',
      },
      {
        fleet: true,
        logger: { level: 'info', stream: { write: (line: string) => void logs.push(JSON.parse(line)) } },
      },
    );
    await app.modelRegistry.bootstrapped;
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    peer = await openCache({ redisUrl: TEST_REDIS_URL, keyPrefix: run.env.REDIS_KEY_PREFIX });
  });
  afterAll(async () => {
    await app?.close();
    await peer?.close();
    await proxy.cut();
    const admin = new Redis(TEST_REDIS_URL);
    const keys = await admin.keys(`${run?.env.REDIS_KEY_PREFIX}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
    await run?.cleanup();
    process.off('unhandledRejection', onUnhandled);
  });

  const redisKeys = async (pattern: string) => {
    const admin = new Redis(TEST_REDIS_URL);
    try {
      return await admin.keys(`${run.env.REDIS_KEY_PREFIX}${pattern}`);
    } finally {
      await admin.quit();
    }
  };
  const ready = () => app.inject({ url: '/health/ready' });
  const send = async () => {
    const cycle = nextCycle++;
    const res = await app.inject({
      method: 'POST',
      url: '/engines/REDIS-OUT/telemetry',
      headers: readAuth,
      payload: { cycles: [reading(cycle)] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stored: 1, prediction: { lastCycle: cycle } });
    acknowledged.add(cycle);
    return res;
  };
  const outageLogs = () => logs.filter((l) => l.component === 'cache' && /redis unreachable/.test(l.msg));
  const recoveryLogs = () =>
    logs.filter((l) => l.component === 'cache' && /redis reachable again/.test(l.msg));

  it('starts and serves while Redis is down, reporting only the redis check', async () => {
    const down = await ready();
    expect(down.statusCode).toBe(503);
    expect(down.json().message).toMatch(/redis \(redis unreachable: Redis unavailable: .*ECONNREFUSED/);
    expect(down.json().message).not.toMatch(/database \(/);
    await send();
    await send();
    expect(outageLogs()).toHaveLength(1);
    expect(outageLogs()[0]?.level).toBe(40); // warn
  });

  it('answers 503 + Retry-After for event-stream tickets while Redis is down (key headers still work)', async () => {
    const issue = await app.inject({ method: 'POST', url: '/events/ticket', headers: readAuth });
    expect(issue.statusCode).toBe(503);
    expect(issue.headers['retry-after']).toBe('1');
    expect(issue.json()).toMatchObject({
      code: 'CACHE_UNAVAILABLE',
      message:
        'cannot issue a ticket while the cache is unreachable; retry shortly, or send the API key in a header',
    });
    const redeem = await app.inject({ url: `/events?ticket=${'A'.repeat(43)}` });
    expect(redeem.statusCode).toBe(503);
    expect(redeem.json().message).toMatch(/^cannot check the ticket while the cache is unreachable/);
  });

  it('keeps events flowing to this replica while Redis is down', async () => {
    const stream = await openEventStream(`${base}/events?types=prediction`, readAuth);
    try {
      expect(stream.status).toBe(200);
      await send();
      await waitFor(() => stream.text.includes(`"cycle":${nextCycle - 1},`), 5000);
    } finally {
      stream.close();
    }
  });

  it('keeps limiting the rate per replica while the shared store is down', async () => {
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT_MAX; i++) {
      statuses.push((await app.inject({ url: '/models/active', headers: adminAuth })).statusCode);
    }
    expect(statuses.slice(0, RATE_LIMIT_MAX).every((s) => s === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('becomes ready once Redis is up, and cache, shared rate limit and pub/sub recover', async () => {
    await proxy.start();
    await waitFor(async () => (await ready()).statusCode === 200, 15_000);
    expect(recoveryLogs()).toHaveLength(1);

    const ticket = await app.inject({ method: 'POST', url: '/events/ticket', headers: readAuth });
    expect(ticket.statusCode).toBe(200);

    // Shared rate limit: counted in Redis again (a fresh window there, visible to every replica).
    const limited = await app.inject({ url: '/models/active', headers: readAuth });
    expect(limited.statusCode).toBe(200);
    expect(await redisKeys('rate-limit:*')).not.toHaveLength(0);

    // Pub/sub both ways: subscribed although Redis was down when the app started.
    const fromApp: unknown[] = [];
    const unsubscribe = await peer.subscribe('fleet-events', (m) => fromApp.push(m));
    const stream = await openEventStream(`${base}/events?types=model`, readAuth);
    try {
      await send();
      await waitFor(() => fromApp.length > 0, 5000);
      await waitFor(async () => {
        await peer.publish('fleet-events', {
          type: 'model',
          data: { from: 'peer' },
          at: new Date().toISOString(),
        });
        await new Promise((r) => setTimeout(r, 100));
        return stream.text.includes('"from":"peer"');
      }, 5000);
    } finally {
      stream.close();
      await unsubscribe();
    }

    // Cache: predictions are stored in Redis again.
    expect(await redisKeys('prediction:*')).not.toHaveLength(0);
  });

  it('survives a cut mid-run: not ready, keeps ingesting, logs once, recovers without a restart', async () => {
    const logsBefore = outageLogs().length;
    await proxy.cut();
    await waitFor(async () => (await ready()).statusCode === 503, 5000);
    expect((await ready()).json().message).toMatch(/redis \(redis unreachable/);
    const stream = await openEventStream(`${base}/events?types=prediction`, readAuth);
    try {
      for (let i = 0; i < 3; i++) await send();
      await waitFor(() => stream.text.includes(`"cycle":${nextCycle - 1},`), 5000);
    } finally {
      stream.close();
    }
    // Several reconnect attempts fail meanwhile; the outage is still one line.
    await new Promise((r) => setTimeout(r, 2500));
    expect(outageLogs()).toHaveLength(logsBefore + 1);

    await proxy.start();
    await waitFor(async () => (await ready()).statusCode === 200, 15_000);
    expect(recoveryLogs()).toHaveLength(2);
    const stream2 = await openEventStream(`${base}/events?types=model`, readAuth);
    try {
      await waitFor(async () => {
        await peer.publish('fleet-events', {
          type: 'model',
          data: { from: 'after-cut' },
          at: new Date().toISOString(),
        });
        await new Promise((r) => setTimeout(r, 100));
        return stream2.text.includes('"from":"after-cut"');
      }, 5000);
    } finally {
      stream2.close();
    }
    await send();
  });

  it('lost nothing it accepted, crashed nothing, and rejected nothing unhandled', async () => {
    const stored = await app.repos.telemetry.range('REDIS-OUT', 1, 10_000);
    expect(stored.map((r) => r.cycle).sort((a, b) => a - b)).toEqual([...acknowledged].sort((a, b) => a - b));
    expect(unhandled).toEqual([]);
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
  });
});
