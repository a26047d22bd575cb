/**
 * Maps @rul/db and @rul/cache errors onto the API's one error shape. Route plugins that touch the
 * database install it as their error handler; what it rethrows reaches the app's handler.
 */
import { DatabaseUnavailableError, DbError, TelemetryConflictError, ValidationError } from '@rul/db';
import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.js';

export function toAppError(err: unknown): unknown {
  if (err instanceof TelemetryConflictError) {
    return new AppError(
      409,
      err.code,
      err.message,
      err.cycles.map((cycle) => ({
        path: `cycle ${cycle}`,
        message: `cycle ${cycle} differs from the stored reading`,
      })),
    );
  }
  if (err instanceof DatabaseUnavailableError) {
    return new AppError(
      503,
      err.code,
      'the database is unavailable; nothing was stored, retry shortly',
      undefined,
      {
        'retry-after': '1',
      },
    );
  }
  if (err instanceof ValidationError) {
    const field = typeof err.details?.['field'] === 'string' ? err.details['field'] : undefined;
    return new AppError(400, 'VALIDATION_ERROR', err.message, [
      { ...(field ? { path: field } : {}), message: err.message },
    ]);
  }
  if (err instanceof DbError) return new AppError(err.statusCode, err.code, err.message);
  return err;
}

export function installDbErrorMapping(app: FastifyInstance): void {
  app.setErrorHandler(async (error) => {
    throw toAppError(error);
  });
}
