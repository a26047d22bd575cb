/**
 * How requests appear in the logs. Keys never do (headers are redacted in app.ts) and neither do
 * single-use event-stream tickets, which travel in the query string (GET /events?ticket=…).
 */
import type { FastifyRequest } from 'fastify';

export const REDACTED = '[redacted]';

/** The URL with every `ticket` query parameter's value replaced. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]ticket=)[^&#]*/gi, `$1${REDACTED}`);
}

/** Fastify's default request serializer, with the URL redacted. */
export function serializeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: redactUrl(request.url),
    version:
      typeof request.headers['accept-version'] === 'string' ? request.headers['accept-version'] : undefined,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}
