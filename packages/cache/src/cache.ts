// The one interface both cache backends implement. Values are JSON: what comes back is a copy,
// never the object that was stored, in-process just as with Redis.

export type MessageHandler<T = unknown> = (message: T) => void;

export interface Cache {
  readonly kind: 'redis' | 'memory';
  /** The stored value, or undefined when absent or expired. */
  get<T = unknown>(key: string): Promise<T | undefined>;
  /** Stores a JSON-serialisable value for ttlSeconds (> 0). */
  set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
  /** True when a key was removed. */
  delete(key: string): Promise<boolean>;
  /**
   * Reads and removes a key in one atomic step: of several callers (replicas) taking the same key,
   * exactly one gets the value. For single-use tokens.
   */
  take<T = unknown>(key: string): Promise<T | undefined>;
  /**
   * Sends a JSON-serialisable message to every subscriber of the channel: with Redis, in every
   * process connected to it (every API replica); in-process, within this process.
   */
  publish(channel: string, message: unknown): Promise<void>;
  /**
   * Calls handler for each message on the channel; resolves to an unsubscribe function once
   * subscribed. With Redis unreachable it resolves at once and the subscription is made when the
   * connection comes (back) up; messages published in between are not received (pub/sub keeps none).
   */
  subscribe<T = unknown>(channel: string, handler: MessageHandler<T>): Promise<() => Promise<void>>;
  /** Rejects with CacheUnavailableError when the backend cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class CacheUnavailableError extends Error {
  readonly code = 'CACHE_UNAVAILABLE';
  readonly statusCode = 503;
  constructor(message = 'Cache unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CacheUnavailableError';
  }
}

export function assertTtl(ttlSeconds: number): void {
  if (!(Number.isFinite(ttlSeconds) && ttlSeconds > 0)) {
    throw new RangeError(`ttlSeconds must be a positive number, got ${ttlSeconds}`);
  }
}

/** Serialises for storage; `undefined` is not JSON and would read back as a miss, so it is refused. */
export function encode(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('cache values must be JSON-serialisable');
  return text;
}
