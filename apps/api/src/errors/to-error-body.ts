/**
 * Maps any thrown value to the one error shape. 4xx messages say exactly what to fix (AJV paths become
 * `body.cycles[3].sensors`); 5xx messages never leak internals.
 */
import type { FastifyError } from 'fastify';
import { AppError, type ErrorBody, type ErrorDetail } from './app-error.js';

export interface AjvIssue {
  instancePath: string;
  message?: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** `/cycles/3/sensors` → `cycles[3].sensors`. */
export function pointerToPath(pointer: string, root: string): string {
  let out = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(key) ? `[${key}]` : `.${key}`;
  }
  return out;
}

/** One AJV issue as a detail whose path starts at `root` (`body.cycles[3].sensors must ...`). */
export function issueDetail(issue: AjvIssue, root: string): ErrorDetail & { path: string } {
  let path = pointerToPath(issue.instancePath, root);
  if (issue.keyword === 'required') path += `.${String(issue.params['missingProperty'])}`;
  if (issue.keyword === 'additionalProperties') path += `.${String(issue.params['additionalProperty'])}`;
  const reason =
    issue.keyword === 'required'
      ? 'is required'
      : issue.keyword === 'additionalProperties'
        ? 'is not allowed'
        : (issue.message ?? 'is invalid');
  return { path, message: `${path} ${reason}`, code: issue.keyword };
}

function validationDetails(error: FastifyError): ErrorDetail[] {
  const context = (error as FastifyError & { validationContext?: string }).validationContext ?? 'body';
  return ((error.validation ?? []) as AjvIssue[]).map((issue) => issueDetail(issue, context));
}

const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'EMPTY_BODY',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
};

export function toErrorBody(error: unknown): { body: ErrorBody; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    const body: ErrorBody = { statusCode: error.statusCode, code: error.code, message: error.message };
    if (error.details?.length) body.details = error.details;
    return error.headers ? { body, headers: error.headers } : { body };
  }
  const e = error as Partial<FastifyError> & { validation?: unknown };
  if (e.validation) {
    const details = validationDetails(e as FastifyError);
    const message = details[0]?.message ?? 'request is invalid';
    return { body: { statusCode: 400, code: 'VALIDATION_ERROR', message, details } };
  }
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : 500;
  if (statusCode >= 400 && statusCode < 500) {
    const code =
      (e.code && FASTIFY_CODES[e.code]) ?? (statusCode === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST');
    let message = e.message ?? 'bad request';
    if (code === 'INVALID_JSON') message = `body is not valid JSON: ${message}`;
    if (code === 'PAYLOAD_TOO_LARGE') message = 'request body is larger than this route accepts';
    return { body: { statusCode, code, message } };
  }
  if (statusCode === 503) {
    return { body: { statusCode, code: 'SERVICE_UNAVAILABLE', message: 'service unavailable, retry later' } };
  }
  return { body: { statusCode: 500, code: 'INTERNAL_ERROR', message: 'internal server error' } };
}
