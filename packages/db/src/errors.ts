// Typed errors the API maps onto its single error shape. `code` is stable and machine-readable;
// `statusCode` is the HTTP status a caller is expected to answer with.

export abstract class DbError extends Error {
  abstract readonly code: string;
  abstract readonly statusCode: number;
}

/** The database cannot be reached (refused, timed out, connection dropped, shutting down). */
export class DatabaseUnavailableError extends DbError {
  readonly code = 'DATABASE_UNAVAILABLE';
  readonly statusCode = 503;
  constructor(message = 'Database unavailable', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

export class NotFoundError extends DbError {
  readonly code = 'NOT_FOUND';
  readonly statusCode = 404;
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} '${key}' not found`);
    this.name = 'NotFoundError';
  }
}

/** A request that contradicts stored state (other than telemetry, which has its own error). */
export class ConflictError extends DbError {
  readonly code: string;
  readonly statusCode = 409;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
    this.name = 'ConflictError';
  }
}

/**
 * Resent cycles whose values differ from what is stored. The whole request was rolled back, so the
 * caller can fix the listed cycles and resend everything.
 */
export class TelemetryConflictError extends DbError {
  readonly code = 'TELEMETRY_CONFLICT';
  readonly statusCode = 409;
  constructor(
    readonly engineId: string,
    readonly cycles: number[],
  ) {
    super(
      `Engine '${engineId}': cycles ${cycles.join(', ')} differ from the values already stored (or are repeated with different values); nothing from this request was stored`,
    );
    this.name = 'TelemetryConflictError';
  }
}

/** Input rejected before it reached the database; `details` names the offending field. */
export class ValidationError extends DbError {
  readonly code = 'INVALID_INPUT';
  readonly statusCode = 422;
  constructor(
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}
