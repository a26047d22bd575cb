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

export class RedisCache implements Cache {
  readonly kind = 'redis';
  private subscriber: Redis | null = null;
  private readonly handlers = new Map<string, Set<MessageHandler>>();
  private readonly prefix: string;

  private constructor(
    private readonly client: Redis,
    private readonly options: RedisCacheOptions,
  ) {
    this.prefix = options.keyPrefix ?? 'rul:';
  }

  /** Connects (failing fast with CacheUnavailableError) and returns the cache. */
  static async connect(options: RedisCacheOptions): Promise<RedisCache> {
    const client = new Redis(options.url, {
      lazyConnect: true,
      // Fail fast while disconnected rather than queueing: a cache miss is cheaper than a stuck request.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: options.connectTimeoutMillis ?? 5_000,
      commandTimeout: options.commandTimeoutMillis ?? 2_000,
      retryStrategy: (times) => Math.min(times * 200, 2_000),
    });
    client.on('error', options.onError ?? (() => undefined));
    try {
      await client.connect();
    } catch (err) {
      client.disconnect();
      throw mapError(err);
    }
    return new RedisCache(client, options);
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

  async publish(channel: string, message: unknown): Promise<void> {
    const text = encode(message);
    await call(() => this.client.publish(this.prefix + channel, text));
  }

  async subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    const subscriber = await this.getSubscriber();
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      await call(() => subscriber.subscribe(this.prefix + channel));
    }
    set.add(handler as MessageHandler);
    const mine = set;
    return async () => {
      mine.delete(handler as MessageHandler);
      if (mine.size === 0 && this.handlers.get(channel) === mine) {
        this.handlers.delete(channel);
        await call(() => subscriber.unsubscribe(this.prefix + channel));
      }
    };
  }

  // A connection in subscriber mode can run no other command, hence a second one, opened on first
  // use. ioredis re-subscribes it to every channel after a reconnect.
  private async getSubscriber(): Promise<Redis> {
    if (this.subscriber) return this.subscriber;
    const subscriber = this.client.duplicate();
    subscriber.on('error', this.options.onError ?? (() => undefined));
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
    await call(() => subscriber.connect());
    return subscriber;
  }

  async ping(): Promise<void> {
    await call(() => this.client.ping());
  }

  async close(): Promise<void> {
    for (const conn of [this.subscriber, this.client]) {
      if (!conn) continue;
      await conn.quit().catch(() => conn.disconnect());
    }
    this.subscriber = null;
    this.handlers.clear();
  }
}
