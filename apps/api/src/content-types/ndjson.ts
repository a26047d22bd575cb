/** application/x-ndjson bodies (one JSON reading per line) for the routes that take them. */
import type { FastifyInstance } from 'fastify';

export const NDJSON = 'application/x-ndjson';

/**
 * Reads NDJSON bodies as one string in this route scope; the route reads the lines itself, so that
 * every error names its line. The route's bodyLimit bounds the size before anything is parsed.
 */
export function acceptNdjson(app: FastifyInstance): void {
  app.addContentTypeParser(NDJSON, { parseAs: 'string' }, (_request, body, done) => done(null, body));
}
