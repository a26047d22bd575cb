/**
 * The one error shape of the API: `{ statusCode, code, message, details? }`. Handlers throw AppError;
 * the error handler turns it (and Fastify's own errors) into that body.
 */
import type { Issue } from '@rul/cmapss';
import { Type, type Static } from 'typebox';

export const ErrorDetailSchema = Type.Object(
  {
    path: Type.Optional(Type.String()),
    message: Type.String(),
    code: Type.Optional(Type.String()),
    line: Type.Optional(Type.Integer()),
    column: Type.Optional(Type.Integer()),
  },
  { additionalProperties: true },
);

export const ErrorSchema = Type.Object(
  {
    statusCode: Type.Integer(),
    code: Type.String({ description: 'Stable machine-readable error code' }),
    message: Type.String({ description: 'What went wrong and, for 4xx, what to fix' }),
    details: Type.Optional(Type.Array(ErrorDetailSchema)),
  },
  { description: 'Error body used by every non-KServe route' },
);

export type ErrorDetail = Static<typeof ErrorDetailSchema>;
export type ErrorBody = Static<typeof ErrorSchema>;

export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, details?: ErrorDetail[]) =>
  new AppError(400, code, message, details);

/** Input problems found by @rul/cmapss: the first one is the message, all of them the details. */
export const invalidInput = (issues: Issue[]) =>
  badRequest(issues[0]?.code ?? 'INVALID_INPUT', issues[0]?.message ?? 'invalid input', issues);

export const notFound = (message: string) => new AppError(404, 'NOT_FOUND', message);

export const unavailable = (code: string, message: string, retryAfterSeconds: number) =>
  new AppError(503, code, message, undefined, { 'retry-after': String(retryAfterSeconds) });
