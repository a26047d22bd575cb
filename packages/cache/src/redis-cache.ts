import { Redis } from 'ioredis';
import type { Cache, MessageHandler } from './cache.js';
import { assertTtl, CacheUnavailableError, encode } from './cache.js';

export interface RedisCacheOptions {
  url: string;
  /** Prepended to every key and channel, so deployments (and test runs) sharing a Redis stay apart. */
  keyPrefix?: string;
  connectTimeoutMillis?: number;
  /** A command not answered within this fails as unavailable instead of hanging a request. */
  commandTimeoutMillis?: number;
  /** Connection errors while reconnecting; they are retried, not thrown. */
  onError?: (err: Error) => void;
  /** Each time the command connection becomes ready (first connect and every reconnect). */
  onReady?: () => void;
  onHandlerError?: (err: unknown, channel: string) => void;
}

// Replies Redis itself sent (wrong type, bad arguments) are bugs, not outages: they pass through.
function mapError(err: unknown): unknown {
  if (err instanceof Error && err.name === 'ReplyError') return err;
  const detail = err instanceof Error ? err.message : String(err);
  return new CacheUnavailableError(`Redis unavailable: ${detail}`, { cause: err });
}

async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw mapError(err);
  }
}

/** Reconnect delay after the nth failed attempt: 200 ms growing to 2 s, then every 2 s. */
export const reconnectDelay = (attempt: number): number => Math.min(attempt * 200, 2_000);

export class RedisCache implements Cache {
  readonly kind = 'redis';
  private subscriber: Redis | null = null;
  private subscriberSettled: Promise<void> = Promise.resolve();
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly prefix: string;
  private lastError: string | undefined;

  private constructor(
    private readonly client: Redis,
    private readonly options: RedisCacheOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'rul:';
    client.on('error', (err: Error) => {
      this.lastError = err.message;
      options.onError?.(err);
    });
    client.on('ready', () => {
      this.lastError = undefined;
      options.onReady?.();
    });
  }

  private static createClient(options: RedisCacheOptions): Redis {
    return new Redis(options.url, {
      lazyConnect: true,
      // Fail fast while disconnected rather than queueing: a cache miss is cheaper than a stuck request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMillis ?? 5_000,
      commandTimeout: options.commandTimeoutMillis ?? 2_000,
      retryStrategy: reconnectDelay,
    });
  }

  /** Connects (failing fast with CacheUnavailableError) and returns the cache. */
  static async connect(options: RedisCacheOptions): Promise<RedisCache> {
    const client = RedisCache.createClient(options);
    const cache = new RedisCache(client, options);
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw mapError(err);
    }
    return cache;
  }

  /**
   * Returns the cache at once and connects in the background, retrying with backoff for as long as it
   * takes: a service can start while Redis is down. Until connected every command rejects with
   * CacheUnavailableError; subscriptions are kept and made once the connection is up.
   */
  static open(options: RedisCacheOptions): RedisCache {
    const client = RedisCache.createClient(options);
    const cache = new RedisCache(client, options);
    // The first attempt's failure is reported through onError; reconnecting goes on regardless.
    client.connect().catch(() => undefined);
    return cache;
  }

  /** True while the command connection is up. */
  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async get<T>(key: string): Promise<T | undefined> {
    const text = await call(() => this.client.get(this.prefix + key));
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    assertTtl(ttlSeconds);
    const text = encode(value);
    await call(() => this.client.set(this.prefix + key, text, 'PX', Math.ceil(ttlSeconds * 1000)));
  }

  async delete(key: string): Promise<boolean> {
    return (await call(() => this.client.del(this.prefix + key))) > 0;
  }

  async take<T>(key: string): Promise<T | undefined> {
    // GETDEL is atomic: of two replicas taking the same key at once, exactly one gets it.
    const text = await call(() => this.client.getdel(this.prefix + key));
    return text === null ? undefined : (JSON.parse(text) as T);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    const text = encode(message);
    await call(() => this.client.publish(this.prefix + channel, text));
  }

  async subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    const subscriber = this.openSubscriber();
    let set = this.handlers.get(channel);
    const isNew = !set;
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
    }
    set.add(handler as MessageHandler);
    const mine = set;
    if (isNew) {
      await this.subscriberSettled;
      if (subscriber.status === 'ready') {
        // Lost to a disconnect in between: the next 'ready' subscribes every channel again.
        await call(() => subscriber.subscribe(this.prefix + channel)).catch(rethrowUnlessUnavailable);
      }
    }
    return async () => {
      mine.delete(handler as MessageHandler);
      if (mine.size === 0 && this.handlers.get(channel) === mine) {
        this.handlers.delete(channel);
        // Disconnected, the server has already forgotten it; delivery follows `handlers` anyway.
        if (subscriber.status === 'ready') {
          await call(() => subscriber.unsubscribe(this.prefix + channel)).catch(rethrowUnlessUnavailable);
        }
      }
    };
  }

  // A connection in subscriber mode can run no other command, hence a second one, opened on first
  // use. It subscribes every channel with a handler each time it becomes ready, so subscriptions made
  // while Redis was down, or lost with a connection, come back without the caller's help.
  private openSubscriber(): Redis {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.client.duplicate({ lazyConnect: true, autoResubscribe: false });
    subscriber.on('error', (err: Error) => this.options.onError?.(err));
    subscriber.on('ready', () => {
      const channels = [...this.handlers.keys()].map((c) => this.prefix + c);
      if (channels.length === 0) return;
      subscriber.subscribe(...channels).catch((err: unknown) => {
        const mapped = mapError(err);
        if (!(mapped instanceof CacheUnavailableError)) this.options.onError?.(mapped as Error);
      });
    });
    subscriber.on('message', (prefixed: string, text: string) => {
      const channel = prefixed.slice(this.prefix.length);
      for (const handler of this.handlers.get(channel) ?? []) {
        try {
          handler(JSON.parse(text));
        } catch (err) {
          this.options.onHandlerError?.(err, channel);
        }
      }
    });
    this.subscriber = subscriber;
    // Settles on the first success or failure; a failed connection keeps retrying in the background.
    this.subscriberSettled = subscriber.connect().catch(() => undefined);
    return subscriber;
  }

  async ping(): Promise<void> {
    if (this.client.status !== 'ready') {
      const why = this.lastError ? `; last error: ${this.lastError}` : '';
      throw new CacheUnavailableError(`Redis unavailable: ${this.client.status}${why}`);
    }
    await call(() => this.client.ping());
  }

  async close(): Promise<void> {
    for (const conn of [this.subscriber, this.client]) {
      if (!conn) continue;
      if (conn.status === 'ready') await conn.quit().catch(() => conn.disconnect());
      else conn.disconnect();
    }
    this.subscriber = null;
    this.handlers.clear();
  }
}

function rethrowUnlessUnavailable(err: unknown): void {
  if (!(err instanceof CacheUnavailableError)) throw err;
}
