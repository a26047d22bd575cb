import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

export interface OpenCacheOptions {
  /** Redis connection string; when absent the in-process cache is used. */
  redisUrl?: string;
  keyPrefix?: string;
  /** In-process only: entry limit. */
  maxEntries?: number;
  /**
   * Redis only. true (default): resolve once connected, reject with CacheUnavailableError when Redis
   * cannot be reached. false: resolve at once and keep connecting in the background with backoff, so
   * a service starts while Redis is down (commands fail as unavailable until it is up).
   */
  waitForConnection?: boolean;
  onError?: (err: Error) => void;
  /** Redis only: each time the connection becomes ready (first connect and every reconnect). */
  onReady?: () => void;
  onHandlerError?: (err: unknown, channel: string) => void;
}

/** Redis when a URL is given (connected before this resolves, unless told not to wait), in-process otherwise. */
export async function openCache(options: OpenCacheOptions = {}): Promise<Cache> {
  if (options.redisUrl) {
    const redisOptions = {
      url: options.redisUrl,
      keyPrefix: options.keyPrefix,
      onError: options.onError,
      onReady: options.onReady,
      onHandlerError: options.onHandlerError,
    };
    return options.waitForConnection === false
      ? RedisCache.open(redisOptions)
      : RedisCache.connect(redisOptions);
  }
  return new MemoryCache({ maxEntries: options.maxEntries, onHandlerError: options.onHandlerError });
}
