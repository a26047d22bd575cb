/**
 * Per-client rate limiting. Clients are told apart by a hash of their API key (so keys never become
 * store keys in clear) or by IP. The store is in-process by default; pass `redis` when a Redis plugin
 * exists so several replicas share one budget (counted in this process while Redis is unreachable).
 */
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { hashKey } from '../../config/api-keys.js';
import type { Config } from '../../config/schema.js';
import { AppError } from '../../errors/app-error.js';
import { presentedKey } from './auth.js';
import { sharedRateLimitStore } from './rate-limit-store.js';

export interface RateLimitPluginOptions {
  config: Config;
  /** A shared store client for multi-replica deployments. */
  redis?: Redis;
}

export default fp<RateLimitPluginOptions>(
  async (app, { config, redis }) => {
    if (config.RATE_LIMIT_MAX === 0) return;
    await app.register(rateLimit, {
      global: true,
      max: config.RATE_LIMIT_MAX,
      timeWindow: config.RATE_LIMIT_WINDOW_MS,
      // A shared store that is down must not take the API down, nor switch limiting off: each replica
      // counts on its own until Redis is back.
      ...(redis
        ? { store: sharedRateLimitStore({ redis, keyPrefix: `${config.REDIS_KEY_PREFIX}rate-limit:` }) }
        : {}),
      keyGenerator: (request) => {
        const key = presentedKey(request.headers);
        return key ? `key:${hashKey(key).slice(0, 32)}` : `ip:${request.ip}`;
      },
      errorResponseBuilder: (_request, context) =>
        new AppError(
          context.statusCode,
          'RATE_LIMITED',
          `rate limit of ${context.max} requests per window exceeded; retry in ${context.after}`,
        ),
    });
  },
  { name: 'rate-limit', fastify: '5.x' },
);
