export { type Cache, type MessageHandler, CacheUnavailableError } from './cache.js';
export { MemoryCache, type MemoryCacheOptions } from './memory-cache.js';
export { RedisCache, reconnectDelay, type RedisCacheOptions } from './redis-cache.js';
export { openCache, type OpenCacheOptions } from './open-cache.js';
export { stableHash, predictionCacheKey } from './input-hash.js';
