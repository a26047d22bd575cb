/**
 * Rate-limit store shared through Redis that falls back to counting in this process while Redis is
 * unreachable. A shared store that is down must neither take the API down nor switch limiting off:
 * each replica then enforces the limit on its own until Redis is back, and the shared count resumes
 * without a restart. Counts are fixed windows per key (INCR + PEXPIRE on the first hit).
 */
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Redis } from 'ioredis';

type Callback = Parameters<FastifyRateLimitStore['incr']>[1];

const INCR_LUA = `
local current = redis.call('INCR', KEYS[1])
if current == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

type RateLimitRedis = Redis & {
  rulRateLimit?: (key: string, windowMs: number) => Promise<[number, number]>;
};

const LOCAL_MAX_KEYS = 10_000;

/** Fixed-window counts in this process, for while Redis is away. */
export class LocalWindows {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  incr(key: string, windowMs: number, now = Date.now()): { current: number; ttl: number } {
    let w = this.windows.get(key);
    if (!w || w.resetAt <= now) {
      if (this.windows.size >= LOCAL_MAX_KEYS) this.prune(now);
      w = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, w);
    }
    w.count++;
    return { current: w.count, ttl: w.resetAt - now };
  }

  private prune(now: number): void {
    for (const [key, w] of this.windows) if (w.resetAt <= now) this.windows.delete(key);
    // Still full of live windows: forget the oldest rather than grow without bound.
    for (const key of this.windows.keys()) {
      if (this.windows.size < LOCAL_MAX_KEYS) break;
      this.windows.delete(key);
    }
  }
}

export interface SharedStoreOptions {
  redis: Redis;
  /** Prefix of the counters' keys (the deployment's key prefix plus a namespace). */
  keyPrefix: string;
}

export function sharedRateLimitStore(options: SharedStoreOptions): FastifyRateLimitStoreCtor {
  const redis = options.redis as RateLimitRedis;
  if (!redis.rulRateLimit) redis.defineCommand('rulRateLimit', { numberOfKeys: 1, lua: INCR_LUA });

  class SharedRateLimitStore implements FastifyRateLimitStore {
    private readonly local = new LocalWindows();

    constructor(
      _options: unknown,
      private readonly keyPrefix = options.keyPrefix,
    ) {}

    incr(key: string, callback: Callback, timeWindow: number): void {
      // The cache plugin logs the outage once; a log line per request would flood.
      const fallback = () => callback(null, this.local.incr(key, timeWindow));
      // Not connected: count here at once instead of waiting on a connection that is not there.
      if (redis.status !== 'ready' || !redis.rulRateLimit) return fallback();
      redis.rulRateLimit(this.keyPrefix + key, timeWindow).then(
        ([current, ttl]) => callback(null, { current, ttl }),
        () => fallback(),
      );
    }

    child(routeOptions: Parameters<FastifyRateLimitStore['child']>[0]): FastifyRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string; url?: string } }).routeInfo;
      const route = `${info?.method ?? routeOptions.method}${info?.url ?? routeOptions.url}`;
      return new SharedRateLimitStore(undefined, `${this.keyPrefix}${route}-`);
    }
  }
  return SharedRateLimitStore;
}
