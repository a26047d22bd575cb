import type { Cache } from './cache.js';
import { MemoryCache } from './memory-cache.js';
import { RedisCache } from './redis-cache.js';

export interface OpenCacheOptions {
  /** Redis connection string; when absent the in-process cache is used. */
  redisUrl?: string;
  keyPrefix?: string;
  /** In-process only: entry limit. */
  maxEntries?: number;
  onError?: (err: Error) => void;
  onHandlerError?: (err: unknown, channel: string) => void;
}

/** Redis when a URL is given (connected before this resolves), in-process otherwise. */
export async function openCache(options: OpenCacheOptions = {}): Promise<Cache> {
  if (options.redisUrl) {
    return RedisCache.connect({
      url: options.redisUrl,
      keyPrefix: options.keyPrefix,
      onError: options.onError,
      onHandlerError: options.onHandlerError,
    });
  }
  return new MemoryCache({ maxEntries: options.maxEntries, onHandlerError: options.onHandlerError });
}
