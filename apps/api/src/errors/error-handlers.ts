/** Installs the error and not-found handlers that give every non-KServe route the one error shape. */
import type { FastifyInstance } from 'fastify';
import { AppError } from './app-error.js';
import { toErrorBody } from './to-error-body.js';

export interface ErrorHandlerOptions {
  /** Serve the dashboard's index.html for unknown GETs from browsers (client-side routing). */
  spaFallback: boolean;
}

export function installErrorHandlers(app: FastifyInstance, options: ErrorHandlerOptions): void {
  app.setErrorHandler((error, request, reply) => {
    const { body, headers } = toErrorBody(error);
    // A 503 the code raised on purpose (a dependency known to be down, Retry-After given) is expected
    // while that outage lasts, which its plugin logs once; a stack trace per request would bury it.
    if (body.statusCode === 503 && error instanceof AppError) {
      request.log.warn({ code: body.code, statusCode: body.statusCode }, body.message);
    } else if (body.statusCode >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: body.code, statusCode: body.statusCode }, body.message);
    if (headers) void reply.headers(headers);
    return reply.code(body.statusCode).type('application/json').send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/v2/') || path === '/v2') {
      return reply.code(404).send({ error: `route ${request.method} ${path} does not exist` });
    }
    if (options.spaFallback && request.method === 'GET' && request.headers.accept?.includes('text/html')) {
      return reply.type('text/html').sendFile('index.html');
    }
    const { body } = toErrorBody(
      new AppError(404, 'NOT_FOUND', `route ${request.method} ${path} does not exist`),
    );
    return reply.code(404).send(body);
  });
}
