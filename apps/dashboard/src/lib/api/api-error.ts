// The API's one error shape, { statusCode, code, message, details? }, as a thrown value the UI can render.

export interface ApiErrorBody {
  statusCode: number;
  code: string;
  message: string;
  details?: unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export class ApiError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: unknown;

  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.statusCode = body.statusCode;
    this.code = body.code;
    this.details = body.details;
  }

  /** Builds an ApiError from whatever came back, falling back to the HTTP status when the body is not the error shape. */
  static from(status: number, body: unknown): ApiError {
    if (isRecord(body) && typeof body.message === 'string') {
      return new ApiError({
        statusCode: typeof body.statusCode === 'number' ? body.statusCode : status,
        code: typeof body.code === 'string' ? body.code : `HTTP_${status}`,
        message: body.message,
        details: body.details,
      });
    }
    return new ApiError({
      statusCode: status,
      code: `HTTP_${status}`,
      message: typeof body === 'string' && body.trim() !== '' ? body.trim() : `The API answered ${status}.`,
    });
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** A readable one-liner for any thrown value. */
export function describeError(error: unknown): string {
  if (isApiError(error)) return `${error.message} (${error.code})`;
  if (error instanceof TypeError) return `Could not reach the API: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
