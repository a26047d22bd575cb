import type { Cache, MessageHandler } from './cache.js';
import { assertTtl, CacheUnavailableError, encode } from './cache.js';

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used are evicted; defaults to 10 000. */
  maxEntries?: number;
  /** Receives exceptions thrown by subscribers, which must not break delivery to the others. */
  onHandlerError?: (err: unknown, channel: string) => void;
}

interface Entry {
  text: string;
  expiresAt: number;
}

/** In-process stand-in for Redis: one process, one replica. */
export class MemoryCache implements Cache {
  readonly kind = 'memory';
  // Map keeps insertion order; re-inserting on read makes the first key the least recently used.
  private readonly entries = new Map<string, Entry>();
  private readonly channels = new Map<string, Set<MessageHandler>>();
  private readonly maxEntries: number;
  private readonly sweeper: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: MemoryCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    // Expired entries are also dropped on read; the sweep bounds memory for keys never read again.
    this.sweeper = setInterval(() => this.sweep(), 30_000);
    this.sweeper.unref();
  }

  private checkOpen(): void {
    if (this.closed) throw new CacheUnavailableError('Cache is closed');
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.checkOpen();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= Date.now()) return undefined;
    this.entries.set(key, entry);
    return JSON.parse(entry.text) as T;
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    this.checkOpen();
    assertTtl(ttlSeconds);
    const text = encode(value);
    this.entries.delete(key);
    this.entries.set(key, { text, expiresAt: Date.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<boolean> {
    this.checkOpen();
    return this.entries.delete(key);
  }

  async take<T>(key: string): Promise<T | undefined> {
    this.checkOpen();
    // No await between the read and the delete: callers in the same tick cannot both get it.
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    return entry.expiresAt <= Date.now() ? undefined : (JSON.parse(entry.text) as T);
  }

  async publish(channel: string, message: unknown): Promise<void> {
    this.checkOpen();
    const text = encode(message);
    const handlers = [...(this.channels.get(channel) ?? [])];
    // Delivered on a later tick, as over the network: publishers never run subscriber code inline.
    setImmediate(() => {
      for (const handler of handlers) {
        try {
          handler(JSON.parse(text));
        } catch (err) {
          this.options.onHandlerError?.(err, channel);
        }
      }
    });
  }

  async subscribe<T>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>> {
    this.checkOpen();
    const set = this.channels.get(channel) ?? new Set<MessageHandler>();
    set.add(handler as MessageHandler);
    this.channels.set(channel, set);
    return async () => {
      set.delete(handler as MessageHandler);
      if (set.size === 0 && this.channels.get(channel) === set) this.channels.delete(channel);
    };
  }

  async ping(): Promise<void> {
    this.checkOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    this.entries.clear();
    this.channels.clear();
  }
}
