// Real: Redis at TEST_REDIS_URL (own key prefix, cleaned up; behind a TCP proxy for outages) and the in-process cache. Faked: nothing.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { TcpProxy } from '@rul/db/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Cache, CacheUnavailableError } from '../../src/cache.js';
import { MemoryCache } from '../../src/memory-cache.js';
import { openCache, type OpenCacheOptions } from '../../src/open-cache.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `rul-test:${process.pid}:${randomBytes(4).toString('hex')}:`;

const BACKENDS: { name: string; options: OpenCacheOptions }[] = [
  { name: 'redis', options: { redisUrl: TEST_REDIS_URL, keyPrefix: prefix } },
  { name: 'memory', options: {} },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves with the messages a subscriber received once `count` arrived (or after a timeout). */
function collect<T>(count: number, timeoutMs = 2000) {
  const got: T[] = [];
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    done = resolve;
    setTimeout(resolve, timeoutMs);
  });
  return {
    got,
    handler: (m: T) => {
      got.push(m);
      if (got.length >= count) done();
    },
    finished,
  };
}

describe.each(BACKENDS)('cache on $name', ({ name, options }) => {
  let cache: Cache;

  beforeAll(async () => {
    cache = await openCache({ ...options, onHandlerError: () => undefined });
    expect(cache.kind).toBe(name);
  });
  afterAll(async () => {
    await cache.close();
    if (name === 'redis') {
      const admin = new Redis(TEST_REDIS_URL);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
      await admin.quit();
    }
  });

  it('stores JSON values and hands back copies', async () => {
    const value = { rul: 42.5, interval: [30, 55], model: 'v1' };
    await cache.set('k1', value, 60);
    const back = await cache.get<typeof value>('k1');
    expect(back).toEqual(value);
    expect(back).not.toBe(value);
    expect(await cache.get('missing')).toBeUndefined();
    expect(await cache.delete('k1')).toBe(true);
    expect(await cache.delete('k1')).toBe(false);
    expect(await cache.get('k1')).toBeUndefined();
  });

  it('hands a taken key to one caller only', async () => {
    await cache.set('ticket', { scope: 'read' }, 60);
    const taken = await Promise.all([cache.take('ticket'), cache.take('ticket'), cache.take('ticket')]);
    expect(taken.filter((t) => t !== undefined)).toEqual([{ scope: 'read' }]);
    expect(await cache.get('ticket')).toBeUndefined();
    await cache.set('stale', 1, 0.1);
    await sleep(200);
    expect(await cache.take('stale')).toBeUndefined();
  });

  it('expires entries after their TTL', async () => {
    await cache.set('short', 1, 0.15);
    expect(await cache.get('short')).toBe(1);
    await sleep(300);
    expect(await cache.get('short')).toBeUndefined();
  });

  it('refuses a bad TTL and values that are not JSON', async () => {
    await expect(cache.set('x', 1, 0)).rejects.toBeInstanceOf(RangeError);
    await expect(cache.set('x', undefined, 10)).rejects.toBeInstanceOf(TypeError);
  });

  it('delivers published messages to every handler, and stops after unsubscribe', async () => {
    const a = collect<{ version: string }>(2);
    const b = collect<{ version: string }>(2);
    const unsubA = await cache.subscribe('model', a.handler);
    const unsubB = await cache.subscribe('model', b.handler);
    // A throwing subscriber must not starve the others.
    const unsubBad = await cache.subscribe('model', () => {
      throw new Error('boom');
    });
    await cache.publish('model', { version: 'v2' });
    await cache.publish('model', { version: 'v3' });
    await Promise.all([a.finished, b.finished]);
    expect(a.got).toEqual([{ version: 'v2' }, { version: 'v3' }]);
    expect(b.got).toEqual(a.got);
    await unsubA();
    await cache.publish('model', { version: 'v4' });
    await sleep(100);
    expect(a.got).toHaveLength(2);
    expect(b.got).toHaveLength(3);
    await unsubB();
    await unsubBad();
  });

  it('keeps channels apart', async () => {
    const fleet = collect<string>(1, 300);
    const unsub = await cache.subscribe('fleet', fleet.handler);
    await cache.publish('other', 'nope');
    await fleet.finished;
    expect(fleet.got).toEqual([]);
    await unsub();
  });

  it('pings, and fails as unavailable once closed', async () => {
    await expect(cache.ping()).resolves.toBeUndefined();
    const spare = await openCache(options);
    await spare.close();
    await expect(spare.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(spare.ping()).rejects.toBeInstanceOf(CacheUnavailableError);
  });
});

describe('redis shared by several replicas', () => {
  it('broadcasts to every replica and shares keys, within one prefix only', async () => {
    const [a, b, stranger] = await Promise.all([
      openCache({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix }),
      openCache({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix }),
      openCache({ redisUrl: TEST_REDIS_URL, keyPrefix: `${prefix}other:` }),
    ]);
    try {
      const onB = collect<{ version: string }>(1);
      const onStranger = collect<unknown>(1, 300);
      await b.subscribe('model-activated', onB.handler);
      await stranger.subscribe('model-activated', onStranger.handler);
      await a.publish('model-activated', { version: 'v5' });
      await Promise.all([onB.finished, onStranger.finished]);
      expect(onB.got).toEqual([{ version: 'v5' }]);
      expect(onStranger.got).toEqual([]);
      await a.set('shared', 'yes', 30);
      expect(await b.get('shared')).toBe('yes');
      expect(await stranger.get('shared')).toBeUndefined();
      await a.delete('shared');
    } finally {
      await Promise.all([a.close(), b.close(), stranger.close()]);
    }
  });

  it('rejects with CacheUnavailableError when Redis cannot be reached', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    await expect(openCache({ redisUrl: `redis://127.0.0.1:${port}` })).rejects.toBeInstanceOf(
      CacheUnavailableError,
    );
  });
});

describe('redis unreachable when opened without waiting', () => {
  const proxy = new TcpProxy(new URL(TEST_REDIS_URL).hostname, Number(new URL(TEST_REDIS_URL).port || 6379));
  const errors: string[] = [];
  let readyCount = 0;
  let cache: Cache;
  let publisher: Cache;

  beforeAll(async () => {
    await proxy.start();
    await proxy.cut(); // keeps the port, refuses connections
    cache = await openCache({
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      keyPrefix: prefix,
      waitForConnection: false,
      onError: (err) => errors.push(err.message),
      onReady: () => readyCount++,
    });
    publisher = await openCache({ redisUrl: TEST_REDIS_URL, keyPrefix: prefix });
  });
  afterAll(async () => {
    await cache?.close();
    await publisher?.close();
    await proxy.cut();
  });

  const until = async (check: () => Promise<boolean>, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await sleep(50);
    }
  };
  const isUp = () =>
    cache.ping().then(
      () => true,
      () => false,
    );

  it('fails fast as unavailable, keeps subscriptions, connects once Redis is up, and survives a cut', async () => {
    expect(cache.kind).toBe('redis');
    const started = Date.now();
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.set('k', 1, 10)).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.take('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.publish('model', 1)).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(cache.ping()).rejects.toThrow(/Redis unavailable: \w+; last error: .*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(1000);
    // Subscribing while down resolves; the subscription is made on connect.
    const got: unknown[] = [];
    const unsubscribe = await cache.subscribe('model', (m) => got.push(m));
    expect(errors.length).toBeGreaterThan(0);
    expect(readyCount).toBe(0);

    await proxy.start();
    await until(isUp);
    expect(readyCount).toBe(1);
    await cache.set('k', 'up', 30);
    expect(await publisher.get('k')).toBe('up');
    await until(async () => {
      await publisher.publish('model', { version: 'v1' });
      await sleep(50);
      return got.length > 0;
    });
    expect(got[0]).toEqual({ version: 'v1' });

    // Cut mid-run: unavailable at once, then back with the same subscription.
    await proxy.cut();
    await until(async () => !(await isUp()));
    await expect(cache.get('k')).rejects.toBeInstanceOf(CacheUnavailableError);
    await proxy.start();
    await until(isUp);
    expect(readyCount).toBe(2);
    const before = got.length;
    await until(async () => {
      await publisher.publish('model', { version: 'v2' });
      await sleep(50);
      return got.length > before;
    });
    expect(got.at(-1)).toEqual({ version: 'v2' });

    await unsubscribe();
    const after = got.length;
    await publisher.publish('model', { version: 'v3' });
    await sleep(200);
    expect(got).toHaveLength(after);
    await publisher.delete('k');
  });
});

describe('in-process cache limits', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = new MemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 60);
    await cache.set('b', 2, 60);
    await cache.get('a');
    await cache.set('c', 3, 60);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('c')).toBe(3);
    await cache.close();
  });
});
