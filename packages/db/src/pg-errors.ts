import { DatabaseUnavailableError } from './errors.js';

// Socket-level failures reported by Node or by the pg driver itself.
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

// SQLSTATEs that mean "the server is not there for you right now": class 08 (connection exception),
// shutdowns, and being out of connection slots.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Cannot use a pool after calling end',
  'Client was closed and is not queryable',
];

export function isUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  if (err instanceof DatabaseUnavailableError) return true;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  // Pool/connect errors sometimes arrive as AggregateError (one per resolved address).
  if (err instanceof AggregateError && err.errors.some(isUnavailable)) return true;
  return DRIVER_MESSAGES.some((m) => err.message.includes(m));
}

/** Re-throws connection-level failures as DatabaseUnavailableError; SQL errors pass through. */
export function mapPgError(err: unknown): unknown {
  if (err instanceof DatabaseUnavailableError) return err;
  if (isUnavailable(err)) {
    const detail = err instanceof Error ? err.message : String(err);
    return new DatabaseUnavailableError(`Database unavailable: ${detail}`, { cause: err });
  }
  return err;
}
