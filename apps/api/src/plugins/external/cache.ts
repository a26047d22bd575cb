/**
 * Cache and pub/sub as a plugin: `app.cache` (Redis when REDIS_URL is set, in-process otherwise) and,
 * with Redis, `app.redis`: a plain ioredis client for @fastify/rate-limit, so every replica draws on
 * one rate budget. A Redis that goes away later only fails the `redis` readiness check: predictions
 * then skip the cache and events stay within the replica.
 */
import { openCache, type Cache } from '@rul/cache';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    cache: Cache;
    redis: Redis | undefined;
  }
}

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const log = app.log.child({ component: 'cache' });
    let lastError: string | undefined;
    const cache = await openCache({
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
      keyPrefix: config.REDIS_KEY_PREFIX,
      onError: (err) => {
        if (lastError !== err.message) log.warn({ err }, 'redis connection error');
        lastError = err.message;
      },
      onHandlerError: (err, channel) => log.error({ err, channel }, 'message handler failed'),
    });
    let redis: Redis | undefined;
    if (config.REDIS_URL) {
      redis = new Redis(config.REDIS_URL, {
        connectTimeout: 2000,
        maxRetriesPerRequest: 1,
        retryStrategy: (times) => Math.min(times * 200, 2000),
      });
      redis.on('error', () => undefined);
    }
    app.decorate('cache', cache);
    app.decorate('redis', redis);
    if (cache.kind === 'redis') {
      app.readiness.register('redis', async () => {
        try {
          await cache.ping();
          return { ok: true };
        } catch (err) {
          return { ok: false, detail: `redis unreachable: ${(err as Error).message}` };
        }
      });
    }
    app.addHook('onClose', async () => {
      await cache.close();
      await redis?.quit().catch(() => redis?.disconnect());
    });
  },
  { name: 'cache', dependencies: ['readiness'], fastify: '5.x' },
);
