import { setTimeout as sleep } from 'node:timers/promises';

/** Statuses that mean "not now" rather than "no": rate limited, or the API or its database away. */
export const RETRYABLE = new Set([429, 502, 503, 504]);

export interface RetryPolicy {
  /** Retries after the first attempt before a request is given up. */
  maxRetries: number;
  /** First back-off when the API names no Retry-After; doubles per retry, with full jitter. */
  baseDelayMs: number;
  /** Longest single wait, Retry-After included. */
  maxDelayMs: number;
  random?: () => number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 10, baseDelayMs: 250, maxDelayMs: 10_000 };

/**
 * How long to wait before retry number `attempt` (0-based): the API's Retry-After (seconds or an
 * HTTP date) when it gives one, else a random wait up to an exponentially growing cap ("full
 * jitter"), so many clients turned away at once do not come back at once.
 */
export function retryDelayMs(
  retryAfter: string | null | undefined,
  attempt: number,
  policy: RetryPolicy,
  now = Date.now(),
): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - now;
    if (Number.isFinite(ms)) return Math.min(Math.max(ms, 0), policy.maxDelayMs);
  }
  const cap = Math.min(policy.baseDelayMs * 2 ** attempt, policy.maxDelayMs);
  return Math.round((policy.random ?? Math.random)() * cap);
}

export type Attempted =
  | { ok: true; response: Response; retries: number }
  /** Still "not now" (or no answer at all) after every retry: the request is given up. */
  | { ok: false; status: number | 'network'; message: string; retries: number };

export interface RetryEvent {
  status: number | 'network';
  waitMs: number;
}

/**
 * Sends `request()` until the API answers with something other than a retryable status. A request
 * is always resent exactly as it was: the telemetry routes are idempotent, so a resend after an
 * answer that got lost only comes back as duplicates.
 */
export async function withRetries(
  request: () => Promise<Response>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (event: RetryEvent) => void,
): Promise<Attempted> {
  for (let attempt = 0; ; attempt++) {
    let response: Response | undefined;
    let message = '';
    try {
      response = await request();
    } catch (error) {
      if (signal?.aborted) throw error;
      message = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : '';
    }
    if (response && !RETRYABLE.has(response.status)) return { ok: true, response, retries: attempt };
    const status = response?.status ?? 'network';
    const retryAfter = response?.headers.get('retry-after');
    if (response) message = await response.text().catch(() => '');
    if (attempt >= policy.maxRetries) return { ok: false, status, message, retries: attempt };
    const waitMs = retryDelayMs(retryAfter, attempt, policy);
    onRetry?.({ status, waitMs });
    await sleep(waitMs, undefined, { signal });
  }
}
