/**
 * Cache and pub/sub as a plugin: `app.cache` (Redis when REDIS_URL is set, in-process otherwise) and,
 * with Redis, `app.redis`: a plain ioredis client for the shared rate-limit store, so every replica
 * draws on one rate budget. Redis need not be up: the app starts anyway and both connections keep
 * reconnecting with backoff. While Redis is away only the `redis` readiness check fails; predictions
 * skip the cache, the rate limit is counted per replica, events stay within the replica (a replica
 * that missed a model switch catches up through the registry poll), and each degraded feature
 * recovers when Redis is back. The outage is logged once when it starts and once when it ends.
 */
import { openCache, reconnectDelay, type Cache } from '@rul/cache';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import type { Config } from '../../config/schema.js';

declare module 'fastify' {
  interface FastifyInstance {
    cache: Cache;
    redis: Redis | undefined;
  }
}

const DEGRADED =
  'predictions skip the cache, the rate limit is counted per replica, events reach this replica only';

export default fp<{ config: Config }>(
  async (app, { config }) => {
    const log = app.log.child({ component: 'cache' });
    // One line when an outage starts (or when the first connection fails), one when it ends.
    let downSince: number | undefined;
    let everReady = false;
    const onError = (err: Error) => {
      if (downSince !== undefined) return;
      downSince = Date.now();
      log.warn(
        { err },
        `redis unreachable; reconnecting with backoff (up to ${reconnectDelay(Infinity)} ms between attempts) — meanwhile ${DEGRADED}`,
      );
    };
    const onReady = () => {
      if (downSince !== undefined) {
        log.info(
          { downForMs: Date.now() - downSince },
          'redis reachable again; cache, shared rate limit and events restored',
        );
      } else if (!everReady) {
        log.info('redis connected');
      }
      downSince = undefined;
      everReady = true;
    };
    const cache = await openCache({
      ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
      keyPrefix: config.REDIS_KEY_PREFIX,
      waitForConnection: false,
      onError,
      onReady,
      onHandlerError: (err, channel) => log.error({ err, channel }, 'message handler failed'),
    });
    let redis: Redis | undefined;
    if (config.REDIS_URL) {
      redis = new Redis(config.REDIS_URL, {
        connectTimeout: 2000,
        // Not connected: fail at once (the store then counts locally) instead of queueing requests.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        retryStrategy: reconnectDelay,
      });
      // The cache connection to the same server reports the outage; logging this one too would double it.
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
      if (redis?.status === 'ready') await redis.quit().catch(() => redis?.disconnect());
      else redis?.disconnect();
    });
  },
  { name: 'cache', dependencies: ['readiness'], fastify: '5.x' },
);
